/** Layout geometry: where each section sits, for the placeholder drawing and layout icons. Pure. */

/**
 * @typedef {{id: string, x: number, y: number, w: number, h: number}} Cell
 * @typedef {{id: string, axis: string, section: string | undefined}} Division
 */

/**
 * Leaves of a layout tree as rectangles; a division's value is the size of the part before it.
 * @param {any} node a layout node: `{section}` or `{split, parts, divisions}`
 * @param {number} x
 * @param {number} y
 * @param {number} w
 * @param {number} hgt
 * @param {Record<string, number> | null} divs sizes of the divisions by id, or null for equal parts
 * @param {Cell[]} out
 * @returns {Cell[]}
 */
export function leaves(node, x, y, w, hgt, divs, out) {
  if (node.section) {
    out.push({ id: node.section, x, y, w, h: hgt });
    return out;
  }
  const cols = node.split === "columns";
  const total = cols ? w : hgt;
  const parts = node.parts || [];
  let pos = 0;
  parts.forEach((part, i) => {
    const d = (node.divisions || [])[i];
    const given = d && divs && typeof divs[d.id] === "number" ? divs[d.id] : null;
    const size = i === parts.length - 1 ? total - pos : given != null ? given : total / parts.length;
    if (cols) leaves(part, x + pos, y, size, hgt, divs, out);
    else leaves(part, x, y + pos, w, size, divs, out);
    pos += size;
  });
  return out;
}

/**
 * Every division of a layout: its id, its axis and the section it sizes (the part before it).
 * @param {any} node
 * @param {Division[]} out
 * @returns {Division[]}
 */
export function divisionsOf(node, out) {
  if (node.section) return out;
  (node.divisions || []).forEach((d, i) => {
    const part = node.parts[i];
    out.push({ id: d.id, axis: node.split === "columns" ? "width_mm" : "height_mm", section: part && part.section });
  });
  for (const part of node.parts || []) divisionsOf(part, out);
  return out;
}

/**
 * Each section's layout node by its id.
 * @param {any} root
 * @returns {Record<string, any>}
 */
export function sectionNodes(root) {
  /** @type {Record<string, any>} */
  const nodes = {};
  (function walk(n) {
    if (n.section) nodes[n.section] = n;
    else (n.parts || []).forEach(walk);
  })(root);
  return nodes;
}
