const encoder = new TextEncoder();

/**
 * A derived value of kind `json`: an array or object placed whole. NDJSON
 * writes its JSON, encoded once per instance (share one instance between
 * the records that have the value); the object path places `value` itself.
 */
export class PlacedJson<Value = unknown> {
  #bytes: Uint8Array | undefined;

  constructor(readonly value: Value) {}

  /** The value's JSON, UTF-8. */
  get bytes(): Uint8Array {
    return (this.#bytes ??= encoder.encode(JSON.stringify(this.value)));
  }

  toJSON(): Value {
    return this.value;
  }
}
