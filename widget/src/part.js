/**
 * The element is one class assembled from parts, one module each (a step, the price card, the
 * list, the form...). A part is a class of methods over the element's state (`this.s`) and its
 * other parts' methods; `assemble` copies every part's methods onto the element's prototype.
 */

/**
 * The base of every part: typed loosely on purpose (a part calls methods of the others).
 * @type {new () => any}
 */
export const Part = /** @type {any} */ (class {});

/**
 * Copy the methods (and accessors) of each part onto `target`'s prototype.
 * @param {Function} target
 * @param {...Function} parts
 */
export function assemble(target, ...parts) {
  for (const part of parts) {
    for (const name of Object.getOwnPropertyNames(part.prototype)) {
      if (name === "constructor") continue;
      if (Object.prototype.hasOwnProperty.call(target.prototype, name)) throw new Error(`venster: ${name} twice`);
      Object.defineProperty(target.prototype, name, /** @type {PropertyDescriptor} */ (Object.getOwnPropertyDescriptor(part.prototype, name)));
    }
  }
}
