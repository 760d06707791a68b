import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { binary, cliIn, SAMPLE, V2 } from './__fixtures__/run-cli';

// The losses a new user met (each test failed before its fix; see the
// closing note of the issue "Nothing lost, nothing misread").
const directory = mkdtempSync(join(tmpdir(), 'flowecs-trust-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const { cli, file } = cliIn(() => directory);
const lines = (text: string) => text.split('\n').filter(Boolean);

const LINE_COUNT = 50_000;
const record = (index: number) =>
  `2 123456789010 eni-1235b8ca123456789 172.31.${index % 256}.139 172.31.16.21 ${20_000 + (index % 40_000)} 22 6 20 4249 ${1_418_530_010 + index} 1418530070 ACCEPT OK\n`;
const gzip = gzipSync(Array.from({ length: LINE_COUNT }, (_, index) => record(index)).join(''), { level: 1 });

function completeLinesBefore(cut: number): number {
  const inflated = gunzipSync(gzip.subarray(0, cut), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return inflated.toString('latin1').split('\n').length - 1;
}

/** Runs the CLI into a reader that pauses for `delay` ms every `every` chunks; returns lines received. */
async function runIntoSlowReader(args: readonly string[], delay: number, every: number) {
  const child = spawn(process.execPath, [binary, ...args], { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
  let received = 0;
  let chunks = 0;
  let stderr = '';
  child.stderr.on('data', chunk => (stderr += chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) received++;
    if (++chunks % every === 0) {
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), delay);
    }
  });
  const [code] = await once(child, 'close');
  return { code: code as number, received, stderr };
}

describe('1. a truncated gzip input and a slow reader', () => {
  test('every complete record before the cut is delivered, --stats agrees, the cut is reported (--jobs 1 and 2)', async () => {
    const good = file('good.log', `${V2}\n`.repeat(10));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 200, max: gzip.length - 9 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom(1, 2),
        async (cut, delay, every, jobs) => {
          const truncated = file(`truncated-${cut}.log.gz`, gzip.subarray(0, cut));
          const expected = completeLinesBefore(cut);
          const result = await runIntoSlowReader([truncated, good, '--stats', '--jobs', String(jobs)], delay, every);
          expect(result.code).toBe(1);
          expect(result.received).toBe(expected + 10);
          expect(result.stderr).toContain(
            `${truncated}: the gzip data is truncated (unexpected end of file) after ${expected} lines.`,
          );
          expect(result.stderr).toContain(` = ${(expected + 10).toLocaleString('en-US')} events + `);
        },
      ),
      { numRuns: 6 },
    );
  });
});

describe('2. -o keeps what stdout gets when an input fails', () => {
  test('a missing input and a good one: the output file holds the good events, exit 1, the incomplete input named', () => {
    const output = join(directory, 'out-missing.ndjson');
    const result = cli(['missing.log', SAMPLE, '-o', output]);
    expect(result.status).toBe(1);
    expect(lines(readFileSync(output, 'utf8'))).toHaveLength(lines(cli([SAMPLE]).stdout).length);
    expect(result.stderr).toContain(
      'flowecs: 1 of 2 inputs could not be read to the end; the output holds every event read before each failure:\n',
    );
    expect(result.stderr).toContain('flowecs:   missing.log: 0 lines delivered\n');
    expect(readdirSync(directory).filter(name => name.includes('.partial'))).toEqual([]);
  });

  test('a truncated input: the lines before the cut are in the output file', () => {
    const cut = Math.floor(gzip.length / 2);
    const truncated = file('half.log.gz', gzip.subarray(0, cut));
    const output = join(directory, 'out-half.ndjson');
    const result = cli([truncated, '-o', output]);
    expect(result.status).toBe(1);
    expect(lines(readFileSync(output, 'utf8'))).toHaveLength(completeLinesBefore(cut));
    expect(result.stderr).toContain(
      `flowecs:   ${truncated}: ${completeLinesBefore(cut).toLocaleString('en-US')} lines delivered\n`,
    );
  });
});

describe('3. dead-letter write failures are output failures', () => {
  test('--errors /dev/full: a message, exit 1, and no claim of lines written', () => {
    const input = file('some-invalid.log', `${V2}\nbad line\n${V2}\nworse line\n`);
    const result = cli([input, '--errors', '/dev/full']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('flowecs: cannot write the invalid lines to /dev/full: ENOSPC');
    expect(result.stderr).not.toMatch(/invalid lines? written/);
    expect(lines(result.stdout)).toHaveLength(2);
  });
});

// A 64 KiB tmpfs, where this machine allows mounting one (root, as CI runs).
const small = join(directory, 'small-disk');
mkdirSync(small);
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', small]).status === 0;
afterAll(() => {
  if (mounted) spawnSync('umount', [small]);
});

describe('3. dead letters on a full disk', () => {
  test.skipIf(!mounted)('--errors on a 64 KiB tmpfs: exit 1, and the count written is the count in the file', () => {
    const input = file(
      'many-invalid.log',
      `${'not a flow-log record, but long enough to fill a small disk quickly\n'.repeat(3000)}${V2}\n`,
    );
    const errors = join(small, 'dead.ndjson');
    const result = cli([input, '--errors', errors]);
    expect(result.status).toBe(1);
    const match = /flowecs: cannot write the invalid lines to .*: ENOSPC.* \((\d+) of 3000 were written\)\./.exec(
      result.stderr,
    );
    expect(match).not.toBeNull();
    expect(lines(readFileSync(errors, 'utf8'))).toHaveLength(Number(match![1]));
    expect(result.stderr).not.toMatch(/invalid lines? written/);
    expect(lines(result.stdout)).toHaveLength(1);
  });
});

describe('4. paths that would destroy data', () => {
  test('-o and --errors naming the same file: usage error', () => {
    const result = cli([SAMPLE, '-o', 'same.ndjson', '--errors', './same.ndjson']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('flowecs: -o and --errors name the same file (same.ndjson)');
    expect(existsSync(join(directory, 'same.ndjson'))).toBe(false);
  });

  test('--errors - writes dead letters to stderr, no file named "-"', () => {
    const result = cli(['--errors', '-'], { input: `${V2}\nnot a record\n` });
    expect(result.status).toBe(0);
    expect(existsSync(join(directory, '-'))).toBe(false);
    const letters = lines(result.stderr)
      .filter(line => line.startsWith('{'))
      .map(line => JSON.parse(line) as { line: number; raw: string });
    expect(letters).toMatchObject([{ source: 'stdin', line: 2, raw: 'not a record' }]);
  });

  test.each([
    ['a gzip flow-log file', 'sample.log.gz', () => readFileSync(SAMPLE)],
    ['a plain flow-log file', 'plain.log', () => `${V2}\n`],
    [
      'a file that starts with a header',
      'header.log',
      () =>
        'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n',
    ],
    ['a Parquet file', 'flows.log.parquet', () => Buffer.from('PAR1....')],
  ])('-o never replaces %s without --force', (_name, target, content) => {
    const path = file(target, content());
    const before = readFileSync(path);
    const result = cli(['-o', path], { input: `${V2}\n` });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`flowecs: -o ${path} exists and does not start with flowecs output`);
    expect(readFileSync(path)).toEqual(before);
    const forced = cli(['-o', path, '--force'], { input: `${V2}\n` });
    expect(forced.status).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ message: V2 });
  });

  test('-o replaces a previous NDJSON output as usual', () => {
    const output = file('previous.ndjson', '');
    expect(cli(['-o', output], { input: `${V2}\n` }).status).toBe(0);
    const again = cli(['-o', output], { input: `${V2}\n${V2}\n` });
    expect(again.status).toBe(0);
    expect(lines(readFileSync(output, 'utf8'))).toHaveLength(2);
  });

  test('the bundled sample survives a forgotten output name', () => {
    const copy = join(directory, 'examples');
    mkdirSync(copy, { recursive: true });
    const sample = join(copy, 'sample.log.gz');
    copyFileSync(SAMPLE, sample);
    expect(cli(['-o', sample], { input: '' }).status).toBe(2);
    expect(statSync(sample).size).toBe(statSync(SAMPLE).size);
  });
});
