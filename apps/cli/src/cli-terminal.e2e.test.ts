import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { binary, cliIn, SAMPLE, V2 } from './__fixtures__/run-cli';

// Where the CLI meets the terminal and the shell: pipes, progress, usage.
const directory = mkdtempSync(join(tmpdir(), 'flowecs-terminal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const { cli, file } = cliIn(() => directory);
const events = (stdout: string) => stdout.split('\n').filter(Boolean);

describe('flowecs (built binary) in a terminal and a shell', () => {
  test('EPIPE: `flowecs big | head -1` exits quietly with 0', () => {
    const big = file('big.log', `${V2}\n`.repeat(100_000));
    const result = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${binary}" "${big}" | head -1; echo "status=\${PIPESTATUS[0]}" >&2`],
      { encoding: 'utf8' },
    );
    expect(events(result.stdout)).toHaveLength(1);
    expect(result.stderr).toBe('status=0\n');
  });

  test('no progress bar and no stderr output when stderr is not a terminal', () => {
    const big = file('big2.log', `${V2}\n`.repeat(20_000));
    const result = cli([big]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
  });

  test.skipIf(!existsSync('/usr/bin/script'))(
    'a progress bar on stderr when it is a terminal (driven through a pseudo-terminal)',
    () => {
      const big = file('big3.log.gz', gzipSync(`${V2}\n`.repeat(300_000)));
      const withBar = spawnSync(
        'script',
        ['-qfec', `"${process.execPath}" "${binary}" "${big}" > /dev/null`, '/dev/null'],
        { encoding: 'utf8' },
      );
      expect(withBar.status).toBe(0);
      expect(withBar.stdout).toMatch(/flowecs .*\d+% \| [\d.]+ (KiB|MiB)\/[\d.]+ (KiB|MiB) \| .*big3\.log\.gz/);
      const without = spawnSync(
        'script',
        ['-qfec', `"${process.execPath}" "${binary}" --no-progress "${big}" > /dev/null`, '/dev/null'],
        { encoding: 'utf8' },
      );
      expect(without.status).toBe(0);
      expect(without.stdout).not.toContain('%');
    },
  );

  test.skipIf(!existsSync('/usr/bin/script'))('no path and a terminal on stdin: the usage, exit 2', () => {
    const result = spawnSync('script', ['-qfec', `"${process.execPath}" "${binary}"; echo "status=$?"`, '/dev/null'], {
      encoding: 'utf8',
    });
    expect(result.stdout).toContain('Usage: flowecs [options] [paths...]');
    expect(result.stdout).toContain('status=2');
  });

  describe('usage errors exit 2 with a one-line hint', () => {
    test.each([
      [['--bogus'], "flowecs: unknown option '--bogus'"],
      [['--format', '${version} ${nope}', SAMPLE], 'flowecs: --format: The format names an unknown field "${nope}".'],
      [['--error-limit', 'many', SAMPLE], "flowecs: option '--error-limit <count>' argument 'many' is invalid"],
      [['-', '-'], 'flowecs: stdin (-) can be read only once.'],
    ])('%j', (args, message) => {
      const result = cli(args);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.startsWith(message)).toBe(true);
      expect(result.stderr.trim().split('\n').at(-1)).toBe("Try 'flowecs --help' for more information.");
    });
  });

  test('--help explains, with examples; --version prints the version', () => {
    const help = cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: flowecs [options] [paths...]');
    expect(help.stdout).toContain('--errors <file>');
    expect(help.stdout).toContain('Examples:');
    expect(help.stdout).toContain('Exit status:');
    const version = cli(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toBe(
      `${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`,
    );
  });
});
