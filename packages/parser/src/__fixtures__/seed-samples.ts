import { readFileSync } from 'node:fs';

export interface SeedSample {
  readonly name: string;
  readonly input: string;
  readonly expected: Record<string, unknown>;
}

/** The contract's seven samples, kept in the project as its own fixture. */
export const seedSamples: readonly SeedSample[] = JSON.parse(
  readFileSync(new URL('./seed-samples.json', import.meta.url), 'utf8'),
).cases;

/** Reads the samples out of the contract document: `=== "name.json"` then a json code block. */
export function extractSeedSamples(markdown: string): SeedSample[] {
  const samples: SeedSample[] = [];
  const marker = '=== "';
  let position = markdown.indexOf(marker);
  while (position !== -1) {
    const nameEnd = markdown.indexOf('"', position + marker.length);
    const name = markdown.slice(position + marker.length, nameEnd).replace(/\.json$/, '');
    const blockStart = markdown.indexOf('```json', nameEnd) + '```json'.length;
    const blockEnd = markdown.indexOf('```', blockStart);
    const expected = JSON.parse(markdown.slice(blockStart, blockEnd)) as Record<string, unknown>;
    samples.push({ name, input: expected['message'] as string, expected });
    position = markdown.indexOf(marker, blockEnd);
  }
  return samples;
}
