// The output the CLI gives today, as SHA-256 digests, for every bench dataset
// (a smaller size) and every fixture: events and dead letters, standard,
// extended and OCSF. Saved before the hot path's redesign (issue 13): the standard
// profile is a contract, and a redesign must give the same bytes.
//
//   node apps/cli/test/output-digests.mjs --write   saves test/output-digests.json
//   node apps/cli/test/output-digests.mjs            compares, exit 1 on a difference
// The e2e test output-digests.e2e.test.ts runs the comparison.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createParser } from '@flowecs/parser';
import { writeDataset } from '../../../bench/datasets.mjs';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const binary = join(root, 'apps/cli/bin/flowecs.js');
const shared = join(root, '../shared/fixtures');
export const digestsFile = fileURLToPath(new URL('output-digests.json', import.meta.url));
const DATASET_LINES = 20_000;

function walk(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap(entry => {
    const path = join(directory, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/** The inputs: name → path. Fixtures under ../shared only when it is there. */
async function inputs(work) {
  const list = [];
  for (const [mix, v5] of [
    ['friendly', false],
    ['friendly', true],
    ['diverse', false],
    ['diverse', true],
  ]) {
    const path = join(work, `${mix}-${v5 ? 'v5' : 'v2'}.log`);
    await writeDataset(path, mix, DATASET_LINES, v5);
    list.push([`bench/${mix}-${v5 ? 'v5' : 'v2'}`, path]);
  }
  const local = [
    join(root, 'examples'),
    join(root, 'apps/cli/test/corpus'),
    join(root, 'apps/cli/src/__fixtures__'),
    join(root, 'packages/stream/src/__fixtures__'),
  ];
  for (const directory of local) {
    if (!existsSync(directory)) continue;
    for (const path of walk(directory))
      if (!/\.(md|json|ts)$/.test(path) || path.endsWith('cloudwatch-lambda-event.json'))
        list.push([relative(root, path), path]);
  }
  if (existsSync(shared)) {
    for (const path of walk(shared))
      if (/\.(log|txt)$|decoded\.json$/.test(path)) list.push([`shared/${relative(shared, path)}`, path]);
  }
  return list.toSorted(([left], [right]) => (left < right ? -1 : 1));
}

function parseEach(text, profile) {
  const parser = createParser({ profile });
  return text
    .split('\n')
    .map(line => {
      const result = parser.parse(line);
      if (result.kind !== 'invalid' || !RUNTIME_WORDED.has(result.error.code)) return JSON.stringify(result);
      return JSON.stringify({ ...result, error: { ...result.error.toJSON(), message: undefined } });
    })
    .join('\n');
}

// JSON.parse's own words (quoted in invalid-json and invalid-envelope
// messages) change between Node.js versions: those messages are left out.
const RUNTIME_WORDED = new Set(['invalid-json', 'invalid-envelope']);
function portableDeadLetters(text) {
  return text
    .split('\n')
    .filter(Boolean)
    .map(line => {
      const letter = JSON.parse(line);
      return JSON.stringify(RUNTIME_WORDED.has(letter.code) ? { ...letter, message: undefined } : letter);
    })
    .join('\n');
}

const sha = bytes => createHash('sha256').update(bytes).digest('hex');

export async function computeDigests() {
  const work = mkdtempSync(join(tmpdir(), 'flowecs-digests-'));
  try {
    const result = {};
    for (const [name, path] of await inputs(work)) {
      if (statSync(path).size === 0) continue;
      for (const profile of ['standard', 'extended', 'ocsf']) {
        // --jobs 2 in blocks of 101 bytes (FLOWECS_BLOCK_SIZE): block edges
        // everywhere; its output must be --jobs 1's, counts included.
        for (const jobs of ['1', '2']) {
          const errors = join(work, 'errors.ndjson');
          rmSync(errors, { force: true });
          const run = spawnSync(
            process.execPath,
            // Paths relative to the repository: dead letters name their source,
            // and the digests must not depend on where the clone is.
            [
              binary,
              relative(root, path),
              '--errors',
              errors,
              '--jobs',
              jobs,
              '--stats',
              ...(profile === 'standard' ? [] : ['--profile', profile]),
            ],
            { maxBuffer: 1 << 28, cwd: root, env: { ...process.env, FLOWECS_BLOCK_SIZE: '101' } },
          );
          const digest = {
            status: run.status,
            events: sha(run.stdout),
            errors: existsSync(errors) ? sha(portableDeadLetters(readFileSync(errors, 'utf8'))) : null,
            // The object path: parse() on each line, results as JSON.
            objects: /\.(log|txt)$/.test(path) ? sha(parseEach(readFileSync(path, 'utf8'), profile)) : null,
          };
          // The summary on stderr, but its time line.
          const summary = run.stderr.toString().replace(/^flowecs: time: .*$/m, '');
          if (jobs === '1') {
            result[`${name} ${profile}`] = digest;
            result[`${name} ${profile}`].summary = summary;
          } else result[`${name} ${profile} --jobs 2`] = { ...digest, summary };
        }
      }
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const all = await computeDigests();
  // --jobs 2 against --jobs 1 of the same run (the summary too); the saved digests hold --jobs 1 without it.
  const jobsDifferent = Object.keys(all)
    .filter(key => key.endsWith(' --jobs 2'))
    .filter(key => JSON.stringify(all[key]) !== JSON.stringify(all[key.slice(0, -' --jobs 2'.length)]));
  const digests = Object.fromEntries(
    Object.entries(all)
      .filter(([key]) => !key.endsWith(' --jobs 2'))
      .map(([key, { summary, ...digest }]) => [key, digest]),
  );
  for (const key of jobsDifferent) console.log(`different with --jobs 2: ${key}`);
  if (jobsDifferent.length > 0) process.exitCode = 1;
  if (process.argv.includes('--write')) {
    writeFileSync(digestsFile, `${JSON.stringify(digests, null, 1)}\n`);
    console.log(`${Object.keys(digests).length} digests written to ${digestsFile}`);
  } else {
    const saved = JSON.parse(readFileSync(digestsFile, 'utf8'));
    // Inputs added after the digests were saved have no earlier output to match.
    const compared = Object.keys(digests).filter(key => Object.hasOwn(saved, key));
    for (const key of Object.keys(digests))
      if (!Object.hasOwn(saved, key)) console.log(`not saved (a newer input): ${key}`);
    const different = compared.filter(key => JSON.stringify(digests[key]) !== JSON.stringify(saved[key]));
    for (const key of different) console.log(`different: ${key}`);
    console.log(`${compared.length - different.length} of ${compared.length} identical`);
    if (different.length > 0) process.exitCode = 1;
    console.log(
      `--jobs 2 (blocks of 101 bytes): ${jobsDifferent.length === 0 ? 'identical to --jobs 1' : `${jobsDifferent.length} different`}`,
    );
  }
}
