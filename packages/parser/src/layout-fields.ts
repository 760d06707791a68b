import type { FlowLogLayout } from './flow-log-layout';

/**
 * The positions, in each layout, of the fields with the given record keys:
 * what a text record decodes when only those fields are read
 * (`RecordScanner.toPartialRecord`). Found once per layout.
 */
export class LayoutFields {
  readonly #keys: ReadonlySet<string>;
  readonly #positions = new WeakMap<FlowLogLayout, Int32Array>();

  constructor(keys: Iterable<string>) {
    this.#keys = new Set(keys);
  }

  of(layout: FlowLogLayout): Int32Array {
    let positions = this.#positions.get(layout);
    if (positions === undefined) {
      const keys = this.#keys;
      positions = Int32Array.from(layout.keys.flatMap((key, field) => (keys.has(key) ? [field] : [])));
      this.#positions.set(layout, positions);
    }
    return positions;
  }
}
