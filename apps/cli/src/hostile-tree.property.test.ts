import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { hostileCharacters, rawControls } from './__fixtures__/hostile-text';
// One rule for seeded runs and `pnpm fuzz` runs, the parser's.
import { fuzzTimeout, runProperty } from '../../../packages/parser/src/__fixtures__/fuzz-settings';

// The hostile filesystem of issue 30, as a property over random trees: what
// `aws s3 sync` and a careless shell leave (FIFOs, devices, over-long names,
// control and bidi characters, damaged gzip members) must never hang the
// run, print a raw control character, or give an internal error.
const binary = fileURLToPath(new URL('../bin/flowecs.js', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'flowecs-tree-'));
afterAll(() => void spawnSync('rm', ['-rf', directory]));

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

// NUL cannot be in a file name; a line end can.
const hostile = fc.constantFrom(...hostileCharacters.filter(character => character !== '\u0000'), '\n');
const name = fc
  .array(fc.oneof(hostile, fc.constantFrom('a', '-', '.', ' ', 'é')), { minLength: 1, maxLength: 10 })
  .map(parts => parts.join(''))
  .filter(text => text !== '.' && text !== '..');

type Entry =
  | { kind: 'records' | 'gzip' | 'garbage-between-members' | 'fifo' | 'device' | 'folder'; name: string }
  | { kind: 'long-name' };
const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'records' as const,
      'gzip' as const,
      'garbage-between-members' as const,
      'fifo' as const,
      'device' as const,
      'folder' as const,
    ),
    name,
  }),
  fc.constant({ kind: 'long-name' as const }),
);

/** Makes the entries in a new folder; returns it and the events its records must give at least. */
function build(entries: readonly Entry[], run: number): { folder: string; events: number } {
  const folder = join(directory, `tree-${run}`);
  mkdirSync(folder);
  let events = 0;
  entries.forEach((each, index) => {
    // A prefix keeps names distinct; a 255-byte name is the longest a folder holds.
    const path = join(folder, each.kind === 'long-name' ? `${index}-${'n'.repeat(240)}.log` : `${index}-${each.name}`);
    if (each.kind === 'records' || each.kind === 'long-name') {
      writeFileSync(path, `${V2}\n${V2.replace('eni-1235b8ca123456789', `eni-1${index}`)}\n`);
      events += 2;
    } else if (each.kind === 'gzip') {
      writeFileSync(path, Buffer.concat([gzipSync(`${V2}\n`), gzipSync(`${V2}\n`)]));
      events += 2;
    } else if (each.kind === 'garbage-between-members') {
      writeFileSync(path, Buffer.concat([gzipSync(`${V2}\n`), Buffer.from('\u001b[2J'), gzipSync(`${V2}\n`)]));
      events += 1;
    } else if (each.kind === 'fifo') spawnSync('mkfifo', [path]);
    else if (each.kind === 'device') symlinkSync('/dev/zero', path);
    else {
      mkdirSync(path);
      writeFileSync(join(path, 'inner.log'), `${V2}\n`);
      events += 1;
    }
  });
  return { folder, events };
}

describe('hostile trees', () => {
  test(
    'no hang, no raw control character, no internal error; every record converted',
    async () => {
      let run = 0;
      await runProperty(
        'hostile trees (CLI)',
        fc.property(fc.array(entry, { minLength: 1, maxLength: 8 }), entries => {
          const { folder, events } = build(entries, run++);
          const result = spawnSync(process.execPath, [binary, folder, '--stats'], {
            encoding: 'utf8',
            // A hang fails the property; SIGKILL, since a FIFO once held the process against SIGTERM.
            timeout: 30_000,
            killSignal: 'SIGKILL',
          });
          expect(result.signal).toBeNull();
          expect([0, 1]).toContain(result.status);
          expect(rawControls(result.stderr)).toEqual([]);
          expect(result.stderr).not.toContain('internal error');
          for (const line of result.stderr.split('\n').filter(Boolean)) expect(line.startsWith('flowecs: ')).toBe(true);
          expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(events);
        }),
        3001,
        8,
      );
    },
    fuzzTimeout,
  );
});
