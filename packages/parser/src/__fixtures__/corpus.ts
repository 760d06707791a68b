// Every record the project knows as test data, with the format to parse it
// by: the contract samples and AWS's examples always, the peers' fixtures when
// ../shared is present.
import { readFileSync } from 'node:fs';
import { seedSamples } from './seed-samples';
import { hasShared, listShared, readShared, sharedLogLines } from './shared-fixtures';

export interface CorpusRecord {
  readonly origin: string;
  readonly text: string;
  /** A header line that precedes the record, when it needs one. */
  readonly format?: string;
}

const examples: { name: string; format: string | null; lines: string[] }[] = JSON.parse(
  readFileSync(new URL('./aws-docs-examples.json', import.meta.url), 'utf8'),
).cases;

export function corpus(): CorpusRecord[] {
  const records: CorpusRecord[] = [];
  for (const sample of seedSamples) records.push({ origin: `seed/${sample.name}`, text: sample.input });
  for (const example of examples) {
    example.lines.forEach((text, index) => records.push({ origin: `aws-docs/${example.name}#${index + 1}`, text, ...(example.format === null ? {} : { format: example.format }) }));
  }
  if (hasShared) {
    for (const file of listShared('fixtures/sekoia')) {
      records.push({ origin: `sekoia/${file}`, text: JSON.parse(readShared(`fixtures/sekoia/${file}`)).input.message });
    }
    for (const file of [...listShared('fixtures/elastic').filter(name => name.endsWith('.log')), 'system/test-extra-samples.log']) {
      sharedLogLines(`fixtures/elastic/${file}`).forEach((text, index) => records.push({ origin: `elastic/${file}#${index + 1}`, text }));
    }
  }
  return records;
}
