import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';

// What a new user still hit (issue "Nothing destroyed, nothing skipped,
// nothing misstated"); each test failed before its fix.
const binary = fileURLToPath(new URL('../bin/flowecs.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const SAMPLE = join(examples, '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20180620T1620Z_fe123456.log.gz');
const shared = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'flowecs-new-user-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const CUSTOM = '2 vpc-0abc1234 10.0.0.5 10.0.0.9 443 50000 6 ACCEPT OK';
const CUSTOM_FORMAT =
  '${version} ${vpc-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${action} ${log-status}';
// A v3 record has no account-id: the account comes from where the file came from.
const V3_HEADER =
  'version vpc-id subnet-id instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr action log-status';
const V3 =
  '3 vpc-12345678 subnet-1234abcd i-01234567890123456 eni-1235b8ca123456789 10.0.0.1 10.0.0.2 10.0.0.1 10.0.0.2 ACCEPT OK';

function cli(args: readonly string[], options: { input?: string; cwd?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [binary, ...args], {
    input: options.input ?? '',
    cwd: options.cwd ?? directory,
    encoding: 'utf8',
    // A run that waits for ever (a FIFO opened for writing) fails the test instead.
    timeout: 20_000,
    killSignal: 'SIGKILL',
  });
}
function file(name: string, content: string | Buffer): string {
  const path = join(directory, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}
const events = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as { cloud: { account?: { id: string }; region?: string }; message: string });

describe('1. -o and --errors never destroy what the user did not ask to replace', () => {
  test.each([
    ['the same path', (path: string) => path],
    ['./ before it', (path: string) => `./${path.slice(directory.length + 1)}`],
    [
      'a symlink to it',
      (path: string) => {
        const link = `${path}.link`;
        if (!existsSync(link)) symlinkSync(path, link);
        return link;
      },
    ],
  ])('an output that is one of the inputs (%s): exit 2 even with --force, the input intact', (_name, name) => {
    const input = file('one/c3.log', `${CUSTOM}\n`);
    for (const option of ['-o', '--errors'])
      for (const force of [[], ['--force']]) {
        const result = cli([input, '--format', CUSTOM_FORMAT, option, name(input), ...force]);
        expect(result.status).toBe(2);
        expect(result.stderr).toContain(`is also an input (${input}): it would be destroyed before it is read.`);
        expect(readFileSync(input, 'utf8')).toBe(`${CUSTOM}\n`);
      }
  });

  test('its own output as input and as -o, from a directory walk and from redirected stdin', () => {
    const output = file('two/out.ndjson', '');
    expect(cli([SAMPLE, '-o', output]).status).toBe(0);
    const before = readFileSync(output);
    expect(cli([output, '-o', output]).status).toBe(2);
    // In a walk, its own output is skipped (not an input), so it may be replaced.
    copyFileSync(SAMPLE, join(directory, 'two/sample.log.gz'));
    expect(cli([join(directory, 'two'), '-o', output]).status).toBe(0);
    const redirected = spawnSync('bash', ['-c', `"${process.execPath}" "${binary}" -o out.ndjson < out.ndjson`], {
      cwd: join(directory, 'two'),
      encoding: 'utf8',
    });
    expect(redirected.status).toBe(2);
    expect(redirected.stderr).toContain('is also an input (standard input)');
    expect(readFileSync(output)).toEqual(before);
  });

  test.each([
    ['a headerless custom-format file', `${CUSTOM}\n`],
    ['prose', 'my notes\n'],
    ['JSON of another tool', '{"a":1}\n'],
    ['binary data', Buffer.from([0, 1, 2, 3, 255])],
    ['an ECS event of another tool', '{"@timestamp":"2024-01-01T00:00:00Z","event":{}}\n'],
  ])('an existing file of %s is replaced only with --force', (_name, content) => {
    const target = file('three/target', content);
    const result = cli([SAMPLE, '-o', target]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      `flowecs: -o ${target} exists and does not start with flowecs output (an event or a dead letter), so it may be data: it is replaced only with --force.`,
    );
    expect(readFileSync(target)).toEqual(Buffer.from(content));
    expect(cli([SAMPLE, '--errors', target]).status).toBe(2);
    expect(cli([SAMPLE, '-o', target, '--force']).status).toBe(0);
    expect(events(readFileSync(target, 'utf8'))).toHaveLength(7);
  });

  test.skipIf(!existsSync(shared))('a copy of a CloudWatch Logs export (custom layout) is not replaced', () => {
    const target = join(directory, 'export-copy.txt');
    copyFileSync(join(shared, 'aws-events/cwl-export-vpcflow-custom.excerpt.txt'), target);
    const before = readFileSync(target);
    expect(cli([SAMPLE, '-o', target]).status).toBe(2);
    expect(readFileSync(target)).toEqual(before);
  });

  test('an empty file, NDJSON and --pretty output of flowecs, and a dead-letter file are replaced as usual', () => {
    const empty = file('four/empty.ndjson', '');
    expect(cli([SAMPLE, '-o', empty]).status).toBe(0);
    expect(cli([SAMPLE, '-o', empty]).status).toBe(0);
    const pretty = file('four/pretty.json', '');
    expect(cli([SAMPLE, '--pretty', '-o', pretty]).status).toBe(0);
    expect(cli([SAMPLE, '--pretty', '-o', pretty]).status).toBe(0);
    const letters = file('four/letters.ndjson', '');
    const bad = file('four/bad.log', `${CUSTOM}\n`);
    expect(cli([SAMPLE, bad, '--errors', letters]).status).toBe(1);
    expect(readFileSync(letters, 'utf8')).toContain('"code":"unknown-layout"');
    expect(cli([SAMPLE, bad, '--errors', letters]).status).toBe(1);
  });

  test('a FIFO, a directory or a socket-like path as -o is a usage error (a FIFO would wait for a reader)', () => {
    const fifo = join(directory, 'fifo');
    spawnSync('mkfifo', [fifo]);
    const result = cli([SAMPLE, '-o', fifo]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`-o ${fifo} is a FIFO, not a regular file`);
    expect(cli([SAMPLE, '--errors', directory]).stderr).toContain('is a directory, not a regular file');
    expect(cli([SAMPLE, '-o', '-']).stdout.split('\n').filter(Boolean)).toHaveLength(7);
  });
});

describe('2. account and region from the object name after aws s3 sync', () => {
  const name = (hive: boolean) =>
    `${hive ? 'h' : 'd'}/123456789012_vpcflowlogs_eu-west-3_fl-0a1b2c3d_20241130T0405Z_5e6f7a8b.log.gz`;
  test.each([
    ['daily', '2024/11/30', false],
    ['hourly', '2024/11/30/04', false],
    ['Hive-compatible', 'year=2024/month=11/day=30/hour=04', true],
  ])('%s layout, synced from below vpcflowlogs/ and from below the region', (_name, days, hive) => {
    const region = hive ? 'aws-region=eu-west-3' : 'eu-west-3';
    const object = `${days}/${name(hive).slice(2)}`;
    file(`sync-${_name}/${region}/${object}`, gzipSync(`${V3_HEADER}\n${V3}\n`));
    for (const [cwd, path] of [
      [join(directory, `sync-${_name}`), '.'],
      [join(directory, `sync-${_name}`, region), '.'],
      [directory, `sync-${_name}/${region}/${object}`],
    ] as const) {
      const standard = events(cli([path], { cwd }).stdout);
      expect(standard).toHaveLength(1);
      expect(standard[0]!.cloud).toEqual({ account: { id: '123456789012' }, provider: 'aws' });
      const extended = events(cli([path, '--extended'], { cwd }).stdout);
      expect(extended[0]!.cloud).toMatchObject({ account: { id: '123456789012' }, region: 'eu-west-3' });
    }
  });

  test("the record's own account wins; a name that only looks alike is ignored", () => {
    const own = file('own/123456789012_vpcflowlogs_eu-west-3_fl-1_20241130T0405Z_5e.log', readFileSync(SAMPLE));
    expect(events(cli([own]).stdout)[0]!.cloud.account).toEqual({ id: '123456789010' });
    for (const alike of [
      '12345678901_vpcflowlogs_eu-west-3_fl-1_20241130T0405Z_5e.log',
      '123456789012_vpcflowlogs_euwest3_fl-1_20241130T0405Z_5e.log',
    ]) {
      const path = file(`alike/${alike}`, `${V3_HEADER}\n${V3}\n`);
      const { cloud } = events(cli([path, '--extended']).stdout)[0]!;
      expect([cloud.account, cloud.region]).toEqual([undefined, undefined]);
    }
  });
});

describe('3. a directory walk decides by content, never by name', () => {
  test('Firehose objects without an extension are read; flowecs output, JSON, binaries and FIFOs are skipped and listed', () => {
    const root = join(directory, 'fh');
    const firehose = readFileSync(join(examples, 'deliveries/flows-firehose-1-2024-11-30-04-05-00-0a1b2c3d'));
    file('fh/2024/11/30/04/flows-1-2024-11-30-04-05-00-aaaa', firehose);
    file('fh/2024/11/30/04/flows-1-2024-11-30-04-10-00-bbbb', firehose);
    const named = cli([join(root, '2024/11/30/04/flows-1-2024-11-30-04-05-00-aaaa')]).stdout;
    const result = cli([root, '--strict', '--stats']);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(named + named);
    expect(result.stderr).toMatch(/files: +2\n/);

    file('fh/events.ndjson', cli([SAMPLE]).stdout);
    file('fh/other.json', '{"hello":"world"}\n');
    file('fh/image.log', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
    spawnSync('mkfifo', [join(root, 'pipe.log')]);
    const skipping = cli([root, '--stats']);
    expect(skipping.status).toBe(0);
    expect(skipping.stdout).toBe(named + named);
    expect(skipping.stderr).toContain('flowecs: skipped 4 files that are not a flow-log delivery by content');
    expect(skipping.stderr).toMatch(/files: +2, 4 skipped\n/);
    for (const [path, reason] of [
      ['events.ndjson', 'events or dead letters (flowecs output)'],
      ['other.json', 'JSON that is not flow-log records'],
      ['image.log', 'binary data'],
      ['pipe.log', 'a FIFO'],
    ] as const)
      expect(skipping.stderr).toContain(`flowecs: skipped: ${join(root, path)}: ${reason}\n`);
    expect(cli([root, '--strict']).status).toBe(1);
  });

  test('a headerless custom layout in a walk is read with --format, and reported with the advice without it', () => {
    file('custom-walk/c3', `${CUSTOM}\n`);
    const withFormat = cli([join(directory, 'custom-walk'), '--format', CUSTOM_FORMAT]);
    expect(withFormat.status).toBe(0);
    expect(events(withFormat.stdout)).toHaveLength(1);
    const without = cli([join(directory, 'custom-walk')]);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain("no record could be read (1 invalid line); pass the layout with --format '");
  });
});

describe('7. smaller', () => {
  test('a --format that does not match says both field counts, not to pass --format', () => {
    const input = file('small/custom.log', `${CUSTOM}\n`);
    const result = cli(['--format', '${version} ${srcaddr}', input]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `flowecs: ${input}: no record could be read (1 invalid line): --format does not match these lines (The record has 9 fields but its format has 2); compare it with the flow log's LogFormat.\n`,
    );
  });

  test('--pretty --jobs 2 is a usage error', () => {
    const result = cli([SAMPLE, '--pretty', '--jobs', '2']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--pretty is written on the main thread: use one or the other.');
  });

  test('its own output fed back: one hint per input, not a report per line', () => {
    const own = file('small/own.ndjson', cli([SAMPLE]).stdout);
    const result = cli([own, own]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `flowecs: ${own}: holds ECS events already (flowecs output?); its lines are counted as invalid.\n` +
        `flowecs: ${own}: no record could be read (7 invalid lines): nothing to convert.\n` +
        `flowecs: ${own}: holds ECS events already (flowecs output?); its lines are counted as invalid.\n` +
        `flowecs: ${own}: no record could be read (7 invalid lines): nothing to convert.\n`,
    );
    expect(statSync(own).size).toBeGreaterThan(0);
  });
});
