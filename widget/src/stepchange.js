/** Which steps of the configurator a change of the configuration touched (for `venster:step`); pure. */

/** The steps as the widget numbers them; `venster:step` names them in its detail. */
export const STEPS = { product: 0, size: 1, openings: 2, colours: 3, options: 4 };

/**
 * The steps whose choices differ between two configurations (quantity belongs to no step).
 * @param {any} before
 * @param {any} after
 * @param {(gid: string) => boolean} isFinish whether an option group is a colour (step 3)
 * @returns {string[]}
 */
export function changedSteps(before, after, isFinish) {
  const same = (a, b) => JSON.stringify(a === undefined ? null : a) === JSON.stringify(b === undefined ? null : b);
  if (!before || !after) return [];
  if (before.product !== after.product) return ["product"];
  const out = [];
  if (!same(before.width_mm, after.width_mm) || !same(before.height_mm, after.height_mm) || !same(before.layout, after.layout)) out.push("size");
  if (!same(before.sections, after.sections) || !same(before.divisions, after.divisions)) out.push("openings");
  const a = before.options || {};
  const b = after.options || {};
  const groups = Array.from(new Set([...Object.keys(a), ...Object.keys(b)])).filter((g) => !same(a[g], b[g]));
  if (groups.some((g) => isFinish(g))) out.push("colours");
  if (groups.some((g) => !isFinish(g))) out.push("options");
  return out;
}
