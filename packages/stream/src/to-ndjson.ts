import { Transform, type TransformCallback } from 'node:stream';

/** A serializer stage: objects in, one line of JSON text per object out. */
export function toNdjson(): Transform {
  return new Transform({
    writableObjectMode: true,
    transform(value: unknown, _encoding, callback: TransformCallback) {
      callback(null, `${JSON.stringify(value)}\n`);
    },
  });
}
