import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { truncatedGzip } from './__fixtures__/truncated-gzip';

const binary = fileURLToPath(new URL('../bin/flowecs.js', import.meta.url));
const corpus = (name: string) => fileURLToPath(new URL(`../test/corpus/${name}`, import.meta.url));
const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const directory = mkdtempSync(join(tmpdir(), 'flowecs-faults-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const cli = (args: readonly string[]) =>
  spawnSync(process.execPath, [binary, ...args], {
    cwd: directory,
    encoding: 'utf8',
    input: '',
    maxBuffer: 64 * 1024 * 1024,
  });
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('interrupted runs', () => {
  const big = join(directory, 'big.log.gz');
  writeFileSync(big, gzipSync(`${V2}\n`.repeat(1_500_000)));

  test.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s mid-run: exit %d, no output file, no temporary file, stats still printed', async (signal, status) => {
    const outDirectory = join(directory, `out-${signal}`);
    mkdirSync(outDirectory);
    const child = spawn(process.execPath, [binary, big, '-o', join(outDirectory, 'events.ndjson'), '--stats'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', chunk => (stderr += chunk));
    // Wait until the temporary file shows the run is under way, then signal.
    for (let attempt = 0; attempt < 200 && readdirSync(outDirectory).length === 0; attempt++)
      await new Promise(resolve => setTimeout(resolve, 25));
    await new Promise(resolve => setTimeout(resolve, 200));
    child.kill(signal);
    const [code] = await once(child, 'exit');
    expect(code).toBe(status);
    expect(readdirSync(outDirectory)).toEqual([]);
    expect(stderr).toMatch(/flowecs: lines: +[\d,]+ = [\d,]+ events \+ 0 headers \+ 0 blank \+ 0 invalid/);
    expect(stderr).not.toContain('internal error');
  });
});

describe('output failures', () => {
  const input = join(directory, 'small.log');
  writeFileSync(input, `${V2}\n`.repeat(1000));

  test('a full disk on stdout (/dev/full): a clear message and exit 1', () => {
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${binary}" "${input}" > /dev/full`], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('flowecs: cannot write the output: ENOSPC: no space left on device, write\n');
  });

  test('a device as --output is written in place, never replaced by a rename', () => {
    const result = cli([input, '-o', '/dev/full']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ENOSPC');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  test('an --output in a missing directory: a clear message and exit 1', () => {
    const result = cli([input, '-o', join(directory, 'no/such/dir/events.ndjson')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ENOENT');
    expect(result.stderr).not.toContain('internal error');
  });
});

describe('input failures: each reported with its file and line count, the others converted', () => {
  test.each([
    ['truncated.log.gz', /truncated\.log\.gz: the gzip data is truncated \(unexpected end of file\) after \d+ lines\./],
    // Every line of the member before the garbage is delivered (issue 30: Node's
    // Gunzip dropped them), then the file is reported as failed.
    [
      'trailing-garbage.log.gz',
      /trailing-garbage\.log\.gz: the gzip data is corrupt \(incorrect header check\) after 2 lines\./,
    ],
    [
      'garbage-between-members.log.gz',
      /garbage-between-members\.log\.gz: the gzip data is corrupt \(incorrect header check\) after 4 lines\./,
    ],
    [
      'bad-member-check.log.gz',
      /bad-member-check\.log\.gz: the gzip data is corrupt \(incorrect data check\) after 3 lines\./,
    ],
    ['corrupt.log.gz', /corrupt\.log\.gz: the gzip data is corrupt \(.*\) after 0 lines\./],
    // Deliveries: a Parquet object cut before its footer; envelopes followed by a gzip member that holds none.
    [
      'truncated.log.parquet',
      /truncated\.log\.parquet: not a readable Parquet flow log \(the footer cannot be read \(.*\)\) after 0 records\./,
    ],
    [
      'not-an-envelope.gz',
      /not-an-envelope\.gz: Expected "\{" between envelopes, found "this is not JSON"\. \(after 3 lines\)\n.*\n.*not-an-envelope\.gz: 3 lines delivered/,
    ],
  ])('%s', (name, message) => {
    const good = join(directory, `good-${name}.log`);
    writeFileSync(good, `${V2}\n`);
    const result = cli([corpus(name), good]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(lines(result.stdout).length).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(lines(result.stdout).at(-1)!)).toMatchObject({ message: V2 });
  });

  test('a file that fails while being read (EIO) in the middle of a directory', () => {
    const folder = join(directory, 'eio');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.log'), `${V2}\n`);
    symlinkSync('/proc/self/mem', join(folder, 'b.log'));
    writeFileSync(join(folder, 'c.log'), `${V2}\n`);
    const result = cli([folder]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `flowecs: ${join(folder, 'b.log')}: cannot be read (EIO: i/o error).\n` +
        'flowecs: 1 of 3 inputs could not be read to the end; the output holds every event read before each failure:\n' +
        `flowecs:   ${join(folder, 'b.log')}: 0 lines delivered\n`,
    );
    expect(lines(result.stdout)).toHaveLength(2);
  });
});

describe('accounting: lines read = events + headers + blanks + invalid, and every invalid line kept', () => {
  test('mixed-failures.log', () => {
    const errors = join(directory, 'dead-letters.ndjson');
    const source = corpus('mixed-failures.log');
    const result = cli([source, '--errors', errors, '--stats']);
    expect(result.status).toBe(0);
    const notes: string[] = JSON.parse(readFileSync(corpus('mixed-failures.notes.json'), 'utf8'))['mixed-failures.log'];
    const count = (prefix: string) => notes.filter(note => note.startsWith(prefix)).length;
    expect(result.stderr).toContain(
      `flowecs: lines:   ${notes.length} = ${count('event')} events + ${count('header')} headers + ${count('blank')} blank + ${count('invalid')} invalid\n`,
    );
    expect(lines(result.stdout)).toHaveLength(count('event'));
    const original = new TextDecoder().decode(readFileSync(source)).split('\n');
    const deadLetters = lines(readFileSync(errors, 'utf8')).map(
      line => JSON.parse(line) as { source: string; line: number; code: string; raw: string },
    );
    expect(deadLetters.map(letter => letter.line)).toEqual(
      notes.flatMap((note, index) => (note.startsWith('invalid') ? [index + 1] : [])),
    );
    for (const letter of deadLetters) {
      expect(letter.source).toBe(source);
      const text = original[letter.line - 1]!;
      // Verbatim, but for the line over 1 MiB, which is never held whole: its start.
      if (letter.code === 'line-too-long') expect(text.startsWith(letter.raw) && letter.raw.length === 1024).toBe(true);
      else expect(letter.raw).toBe(text);
    }
    expect(existsSync(errors)).toBe(true);
  });
});

describe('a truncated input read by a slow reader', () => {
  const truncated = join(directory, 'slow-reader.log.gz');
  writeFileSync(truncated, truncatedGzip(20_000, 0.7));

  test.each([[[]], [['--pretty']]])(
    'options %j: every event before the cut is written, then the failure names as many lines',
    async options => {
      const child = spawn(process.execPath, [binary, truncated, ...options], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', chunk => (stderr += chunk));
      const chunks: Buffer[] = [];
      // Reads a chunk, then pauses: the CLI waits on a full pipe again and again.
      child.stdout.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        child.stdout.pause();
        setTimeout(() => child.stdout.resume(), 2);
      });
      // `close`, not `exit`: the process may end before the paused reader has taken all it wrote.
      const [code] = await once(child, 'close');
      const stdout = Buffer.concat(chunks).toString();
      const events =
        options.length === 0 ? lines(stdout).length : stdout.split('\n').filter(line => line === '{').length;
      expect(code).toBe(1);
      const delivered = /slow-reader\.log\.gz: .* after (\d+) lines\./.exec(stderr);
      expect(Number(delivered?.[1])).toBeGreaterThan(1000);
      expect(events).toBe(Number(delivered?.[1]));
    },
  );
});
