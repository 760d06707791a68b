/**
 * JSON text to a value, or undefined when it is not JSON. `JSON.parse`
 * makes a `__proto__` key an own property, never the prototype; readers of
 * the result look at own properties only.
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
