// The invalid-line rows of `pnpm bench`.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeDataset } from './datasets.mjs';

/**
 * Adds the rows of invalid input: a wrong --format, and lines of `-` with
 * --jobs 2. Returns the latter's run, for its peak RSS.
 */
export async function measureInvalidLines({ cli, work, size, measure, measureBest, add, runsNote }) {
  // Invalid lines: a wrong --format makes every line a dead letter (the same
  // lines as the valid run, without the header that would win over --format);
  // `-` lines give the most dead letters per byte, the worst case of --jobs memory.
  const headerless = join(work, 'diverse-v2-headerless.log');
  await writeDataset(headerless, 'diverse', size, false, false);
  const wrongFormat = measureBest(
    [
      cli,
      headerless,
      '--format',
      '${version} ${srcaddr}',
      '--errors',
      join(work, 'errors.ndjson'),
      '-o',
      join(work, 'out.ndjson'),
      '--jobs',
      '1',
    ],
    { status: 1 },
  );
  add(
    'CLI: v2, wrong --format (all invalid)',
    'diverse',
    size,
    wrongFormat.seconds,
    statSync(headerless).size,
    wrongFormat.rss,
    runsNote,
  );
  const dashes = join(work, 'dashes.log');
  writeFileSync(dashes, '-\n'.repeat(size * 2));
  const dashRun = measure(
    [cli, dashes, '--errors', join(work, 'errors.ndjson'), '-o', join(work, 'out.ndjson'), '--jobs', '2'],
    {
      status: 1,
    },
  );
  add(
    `CLI: ${(size * 2).toLocaleString('en-US')} "-" lines (all invalid), --jobs 2`,
    'diverse',
    size * 2,
    dashRun.seconds,
    statSync(dashes).size,
    dashRun.rss,
  );
  return { dashRun };
}
