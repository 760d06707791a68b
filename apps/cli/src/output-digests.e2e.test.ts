import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// The standard profile is a contract: the output of every bench dataset and
// fixture (events, dead letters, exit status, and parse() objects) has the
// digests saved in test/output-digests.json before the hot path's redesign.
// Regenerate them (`node test/output-digests.mjs --write`) only for an
// intended change of output, and say so in its changeset.
const script = fileURLToPath(new URL('../test/output-digests.mjs', import.meta.url));
if (!existsSync(fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url)))) {
  process.stderr.write(
    'skipped: ../shared not found: output digests of its fixtures (the bench datasets and local fixtures are still compared)\n',
  );
}

test('the output of every dataset and fixture is byte-identical to the saved output', () => {
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  expect(run.stdout).toMatch(/ identical\n--jobs 2 \(blocks of 101 bytes\): identical to --jobs 1\n$/);
  expect(run.stdout).not.toContain('different:');
  expect(run.status).toBe(0);
  // About 120 s alone on Node 20; CI runs every package's suites at once on two cores.
}, 900_000);
