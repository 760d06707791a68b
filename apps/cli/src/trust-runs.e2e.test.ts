import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { binary, cliIn, SAMPLE, V2 } from './__fixtures__/run-cli';

// What a run says of itself: failed runs, closed pipes, warnings (see trust.e2e.test.ts for the losses).
const directory = mkdtempSync(join(tmpdir(), 'flowecs-trust-runs-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
const { cli, file } = cliIn(() => directory);
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('9. an input of which nothing was understood fails the run', () => {
  const custom =
    '${version} ${vpc-id} ${subnet-id} ${instance-id} ${interface-id} ${account-id} ${type} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${pkt-srcaddr} ${pkt-dstaddr} ${protocol} ${bytes} ${packets} ${start} ${end} ${action} ${tcp-flags} ${log-status} ${flow-direction}';
  const customLine =
    '5 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789010 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK ingress';

  test('a custom format without --format: exit 1 and the option to pass, in single quotes', () => {
    const input = file('custom.log', `${customLine}\n${customLine}\n`);
    const result = cli([input]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      `flowecs: ${input}: no record could be read (2 invalid lines); pass the layout with --format '\${version} \${account-id} ...' (the flow log's LogFormat)\n`,
    );
    expect(cli([input, '--format', custom]).status).toBe(0);
  });

  test('a binary file: exit 1 with one summary line', () => {
    const input = file('binary.bin', Buffer.from(Array.from({ length: 600 }, (_, index) => (index * 37) % 256)));
    const result = cli([input, '--error-limit', '0']);
    expect(result.status).toBe(1);
    expect(lines(result.stderr).filter(line => line.includes('no record could be read'))).toHaveLength(1);
  });

  test('a run where every input converts cleanly exits 0', () => {
    expect(cli([SAMPLE]).status).toBe(0);
  });
});

describe('10. a closed pipe on every output path', () => {
  test.each([[['--help']], [['--version']], [[SAMPLE]], [[SAMPLE, '--stats']]])(
    '%j into a reader that has gone: exit 0, nothing on stderr',
    async args => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const child = spawn(process.execPath, [binary, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        // The reader goes away before the command writes anything.
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', chunk => (stderr += chunk));
        const [code] = await once(child, 'close');
        expect(stderr.replace(/flowecs: [a-z]+: .*\n/g, '')).toBe('');
        expect(code).toBe(0);
      }
    },
  );

  test('--stats into a closed stderr: exit 0', async () => {
    const child = spawn(process.execPath, [binary, SAMPLE, '--stats'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.destroy();
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
  });
});

describe('11. smaller things', () => {
  test('a bad -o path is reported once', () => {
    const result = cli([SAMPLE, '-o', join(directory, 'no/such/dir/out.ndjson')]);
    expect(result.status).toBe(1);
    expect(lines(result.stderr).filter(line => line.includes('ENOENT'))).toHaveLength(1);
  });

  test('errors from stdin are labelled stdin', () => {
    const result = cli([], { input: `${V2}\n${V2}\n${V2}\nnot a record\n` });
    expect(result.stderr).toContain('flowecs: stdin:4: ');
  });

  test('the --stats status line says what records without a log-status are', () => {
    const result = cli(['--stats', '--format', 'srcaddr dstaddr'], { input: '10.0.0.1 10.0.0.2\n'.repeat(4) });
    expect(result.stderr).toContain('flowecs: status:  ok 0, nodata 0, skipdata 0, without log-status 4\n');
  });

  test.skipIf(!existsSync('/usr/bin/script'))('reading stdin on a terminal shows bytes read and lines/s', () => {
    const big = file('stdin-big.log', `${V2}\n`.repeat(400_000));
    const result = spawnSync(
      'script',
      ['-qfec', `"${process.execPath}" "${binary}" < "${big}" > /dev/null`, '/dev/null'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/flowecs [\d.]+ (KiB|MiB) read \| [\d,]+ lines\/s \| stdin/);
  });
});

describe('7. a header from a newer AWS version', () => {
  const header =
    'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status future-field';
  const line = `${V2} 7`;

  test('converts, warns once naming the fields, and counts them', () => {
    const first = file('newer-1.log', `${header}\n${line}\n`);
    const second = file('newer-2.log', `${header}\n${line}\n`);
    const result = cli([first, second, '--stats']);
    expect(result.status).toBe(0);
    expect(lines(result.stdout)).toHaveLength(2);
    expect(lines(result.stderr).filter(text => text.includes('does not know: future-field'))).toHaveLength(1);
    expect(result.stderr).toContain('flowecs: unknown: 2 values of fields this version does not know (future-field)\n');
    const extended = cli([first, '--extended']);
    expect(JSON.parse(extended.stdout).aws.vpcflow.future_field).toBe('7');
  });

  test('an unknown name in --format is a usage error with a suggestion', () => {
    const result = cli(['--format', '${version} ${srcadr}'], { input: '' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Did you mean "srcaddr"?');
  });
});

describe("12. the README's run command", () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  test('`pnpm flowecs` resolves relative paths from where the user stands (INIT_CWD), quietly', () => {
    const examples = join(root, 'examples');
    const name = '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz';
    // What pnpm does: run the script at the root, with the caller's folder in INIT_CWD.
    const result = spawnSync(process.execPath, [join(root, 'scripts/run-flowecs.mjs'), name], {
      cwd: root,
      env: { ...process.env, INIT_CWD: examples },
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(lines(result.stdout)).toHaveLength(7);
  });
});
