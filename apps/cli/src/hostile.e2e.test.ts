import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { hostileCharacters, rawControls } from './__fixtures__/hostile-text';

// Hostile inputs and misuse (issue "Hostile inputs and misuse: no hang, no
// blow-up, no injection, no internal error"); each test failed before its fix.
const binary = fileURLToPath(new URL('../bin/flowecs.js', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'flowecs-hostile-'));
// rm -r: Node's rmSync fails on a tree deeper than PATH_MAX, which a test here makes.
afterAll(() => void spawnSync('rm', ['-rf', directory]));

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';

function cli(args: readonly string[], input = ''): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [binary, ...args], {
    cwd: directory,
    input,
    encoding: 'utf8',
    // A run that hangs fails the test; SIGKILL, since the hang was one SIGTERM could not end.
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
}

describe('1. a FIFO never hangs the run', () => {
  test.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'a FIFO input without a writer, then %s: exit %d at once, stats and the output message printed',
    async (signal, status) => {
      const fifo = join(directory, `waiting-${signal}.log`);
      spawnSync('mkfifo', [fifo]);
      const output = join(directory, `out-${signal}.ndjson`);
      const child = spawn(process.execPath, [binary, fifo, '--stats', '-o', output], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', chunk => (stderr += chunk));
      // Signalled once the run is under way (its temporary output exists, so
      // its signal handlers are set), not after a fixed wait: on a loaded
      // machine Node may take longer than that to start.
      const partial = `.out-${signal}.ndjson.${child.pid}.partial`;
      for (let attempt = 0; attempt < 400 && !existsSync(join(directory, partial)); attempt++)
        await new Promise(resolve => setTimeout(resolve, 25));
      await new Promise(resolve => setTimeout(resolve, 200));
      const sent = Date.now();
      child.kill(signal);
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [code, killedBy] = await once(child, 'exit');
      clearTimeout(killer);
      expect({ code, killedBy }).toEqual({ code: status, killedBy: null });
      expect(Date.now() - sent).toBeLessThan(5000);
      expect(stderr).toContain('flowecs: lines:   0 = 0 events');
      expect(stderr).toContain(`flowecs: ${output} was not written (interrupted).`);
      expect(existsSync(output)).toBe(false);
    },
  );

  test('a FIFO input with a writer is read, named or as <(…)', () => {
    const fifo = join(directory, 'fed.log');
    spawnSync('mkfifo', [fifo]);
    const fed = spawnSync(
      'bash',
      ['-c', `(echo '${V2}' > '${fifo}' &) ; "${process.execPath}" "${binary}" '${fifo}'`],
      {
        encoding: 'utf8',
        timeout: 20_000,
        killSignal: 'SIGKILL',
      },
    );
    expect(fed.status).toBe(0);
    expect(JSON.parse(fed.stdout)).toMatchObject({ message: V2 });
    const substituted = spawnSync('bash', ['-c', `"${process.execPath}" "${binary}" <(echo '${V2}')`], {
      encoding: 'utf8',
      timeout: 20_000,
      killSignal: 'SIGKILL',
    });
    expect(substituted.status).toBe(0);
    expect(JSON.parse(substituted.stdout)).toMatchObject({ message: V2 });
  });

  test('-o or --errors naming a FIFO without a reader is a usage error, not a hang', () => {
    const fifo = join(directory, 'no-reader');
    spawnSync('mkfifo', [fifo]);
    for (const option of ['-o', '--errors']) {
      const result = cli([option, fifo], `${V2}\n`);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`${option} ${fifo} is a FIFO, not a regular file`);
    }
  });
});

describe('2. invalid lines with --jobs 2 stay in bounded memory', () => {
  // Each worker sent an object a dead letter for a whole block: 500,000 `-`
  // lines peaked at 1,045 MB (--jobs 1: 142 MB). Blocks then held at most
  // 8,192 lines and their dead letters travelled as strings: 250–290 MB on
  // Node.js 22 and 24, each thread's heap holding 30–80 MB of them. Now
  // they are bytes, transferred: 160–200 MB.
  test('500,000 "-" lines: peak RSS under 250 MB, the dead letters those of --jobs 1', () => {
    const input = join(directory, 'dashes.log');
    writeFileSync(input, '-\n'.repeat(500_000));
    const probe = fileURLToPath(new URL('../../../bench/rss-probe.mjs', import.meta.url));
    const peak = join(directory, 'dashes.rss');
    const run = (jobs: string) =>
      spawnSync(
        process.execPath,
        ['--import', probe, binary, input, '--jobs', jobs, '--errors', join(directory, `dashes-${jobs}.ndjson`)],
        { encoding: 'utf8', env: { ...process.env, FLOWECS_RSS_FILE: peak }, timeout: 120_000, killSignal: 'SIGKILL' },
      );
    const two = run('2');
    expect(two.stderr).toContain('500000 invalid lines written to');
    const kilobytes = Number(readFileSync(peak, 'utf8').split('\n')[0]);
    expect(kilobytes / 1024).toBeLessThan(250);
    expect(run('1').status).toBe(1);
    expect(readFileSync(join(directory, 'dashes-2.ndjson'), 'utf8')).toBe(
      readFileSync(join(directory, 'dashes-1.ndjson'), 'utf8'),
    );
  }, 300_000);
});

describe('3. nothing from outside reaches the terminal raw', () => {
  const names = ['esc-\u001b]0;PWNED\u0007-\u001b[2J', 'nl-\nflowecs: forged', 'bidi-\u202egol.', 'c1-\u009b31m'];

  test.each(names)('a file name with controls (%j) is escaped in every message', name => {
    const folder = join(directory, `names-${names.indexOf(name)}`);
    mkdirSync(folder);
    writeFileSync(join(folder, `${name}.log`), `${V2}\nnot a record\n`);
    writeFileSync(join(folder, `${name}.bin`), Buffer.from([0, 1, 2]));
    writeFileSync(join(folder, `${name}.gz`), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff]));
    const result = cli([folder, join(folder, `${name}.missing`), '--stats', '--errors', '-']);
    expect(result.status).toBe(1);
    expect(rawControls(result.stderr)).toEqual([]);
    for (const line of result.stderr.split('\n').filter(Boolean))
      expect(line.startsWith('flowecs: ') || line.startsWith('{"source":')).toBe(true);
    expect(result.stderr).not.toContain('internal error');
  });

  test('input bytes quoted in messages are escaped (--input-format cloudwatch)', () => {
    const result = cli(['--input-format', 'cloudwatch', '-'], '\u001b[31mRED\u001b]0;pwned\u0007\n');
    expect(result.status).toBe(1);
    expect(rawControls(result.stderr)).toEqual([]);
    expect(result.stderr).toContain('\\x1b[31mRED');
  });

  test('C1 controls and bidi overrides in values: C1 is invalid-character, neither is printed raw', () => {
    const c1 = V2.replace('eni-1235b8ca123456789', 'eni-1235b8ca123456789\u009b2J');
    const bidi = V2.replace('eni-1235b8ca123456789', 'eni-1235b8ca123456789\u202e');
    const header =
      'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status x\u202ey';
    const result = cli(['--errors', '-', '--stats'], `${c1}\n${bidi}\n${header}\n`);
    expect(rawControls(result.stderr)).toEqual([]);
    const letters = result.stderr
      .split('\n')
      .filter(line => line.startsWith('{'))
      .map(line => JSON.parse(line) as { code: string; raw: string });
    expect(letters[0]).toMatchObject({ code: 'invalid-character', raw: c1 });
    // Events are data, not messages: the bidi character is kept in the event as read.
    const events = result.stdout.split('\n').filter(Boolean);
    expect(events.map(event => (JSON.parse(event) as { message: string }).message)).toEqual([bidi]);
  });

  test('property: random names and values with every control and format character never reach stderr raw', () => {
    const hostile = fc.constantFrom(...hostileCharacters);
    const piece = fc
      .array(fc.oneof(hostile, fc.constantFrom('a', '-', '.', ' ')), { minLength: 1, maxLength: 8 })
      .map(parts => parts.join(''));
    let run = 0;
    fc.assert(
      fc.property(piece, piece, (name, value) => {
        const folder = join(directory, `property-${run++}`);
        mkdirSync(folder);
        const safeName = name.replaceAll('\u0000', '_').replaceAll('/', '_');
        writeFileSync(join(folder, `${safeName}.log`), `${V2.replace('eni-1235b8ca123456789', `eni-1${value}`)}\n`);
        const result = cli([folder, join(folder, `${safeName}-missing`), '--stats']);
        expect(rawControls(result.stderr)).toEqual([]);
        expect(result.stderr).not.toContain('internal error');
      }),
      { numRuns: 12 },
    );
  });
});

describe('5. the filesystem never causes an internal error', () => {
  test('a tree deeper than PATH_MAX: that folder fails as an input, the others convert, exit 1', () => {
    const good = join(directory, 'deep/a.log');
    mkdirSync(join(directory, 'deep'));
    writeFileSync(good, `${V2}\n`);
    // Built by relative steps: no absolute path that long can be made directly.
    const segment = 'd'.repeat(200);
    spawnSync('bash', [
      '-c',
      `cd '${join(directory, 'deep')}' && for i in $(seq 1 24); do mkdir ${segment} && cd ${segment}; done && echo '${V2}' > deepest.log`,
    ]);
    const result = cli([join(directory, 'deep')]);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toMatch(/cannot be read \(ENAMETOOLONG/);
    expect(result.status).toBe(1);
    expect(result.stdout.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(1);
  });

  test('-o with a 245-character name: the temporary name is shortened, the output written', () => {
    const folder = join(directory, 'long-name');
    mkdirSync(folder);
    const output = join(folder, `${'n'.repeat(245)}.ndjson`);
    const result = cli(['-o', output], `${V2}\n`);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readdirSync(folder)).toEqual([`${'n'.repeat(245)}.ndjson`]);
  });
});
