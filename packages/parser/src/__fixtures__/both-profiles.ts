import { parseRecord } from '../parse-record';

export type Json = Record<string, any>;

/** Both profiles' events for a corpus record. */
export function parseBoth(record: { text: string; format?: string }) {
  const options = record.format === undefined ? {} : { format: record.format };
  return {
    standard: parseRecord(record.text, options) as Json,
    extended: parseRecord(record.text, { ...options, profile: 'extended' }) as Json,
  };
}

/** Leaf paths and values; arrays of scalars are one leaf. */
export function leaves(value: Json, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    return child !== null && typeof child === 'object' && !Array.isArray(child)
      ? leaves(child as Json, path)
      : [[path, child] as [string, unknown]];
  });
}
