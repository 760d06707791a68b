import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliIn, SAMPLE, V2, V2_HEADER } from './__fixtures__/run-cli';

const seed: { name: string; input: string; expected: Record<string, unknown> }[] = JSON.parse(
  readFileSync(new URL('./__fixtures__/seed-samples.json', import.meta.url), 'utf8'),
).cases;

let directory: string;
beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'flowecs-cli-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const { cli, file } = cliIn(() => directory);

const events = (stdout: string) =>
  stdout
    .split('\n')
    .filter(Boolean)
    .map(line => JSON.parse(line) as Record<string, any>);

describe('flowecs (built binary)', () => {
  test('the README sample: a gzip S3 file to NDJSON, quiet on success', () => {
    const result = cli([SAMPLE]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const output = events(result.stdout);
    expect(output).toHaveLength(7);
    expect(output.map(event => event['event'].outcome)).toEqual(['ok', 'ok', 'nodata', 'skipdata', 'ok', 'ok', 'ok']);
  });

  test.each(seed.filter(sample => !sample.name.endsWith('_structured')))(
    'contract sample $name is reproduced exactly',
    ({ input, expected }) => {
      const result = cli([], { input: `${input}\n` });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${JSON.stringify(expected)}\n`);
    },
  );

  // A line-oriented tool reads records without their line terminator, so the
  // JSON samples' `message` lacks the trailing "\n" the contract shows; every
  // other byte is the same.
  test.each(seed.filter(sample => sample.name.endsWith('_structured')))(
    'contract sample $name is reproduced but for the line terminator in message',
    ({ input, expected }) => {
      const result = cli([], { input });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${JSON.stringify({ ...expected, message: input.replace(/\n$/, '') })}\n`);
    },
  );

  test('all contract samples in one stream, via stdin as "-"', () => {
    const result = cli(['-'], { input: seed.map(sample => sample.input.replace(/\n$/, '')).join('\n') });
    expect(result.status).toBe(0);
    expect(events(result.stdout)).toHaveLength(7);
  });

  test('a directory is read recursively in sorted order; files that are not flow logs are skipped with a note', () => {
    const root = join(directory, 'AWSLogs/123456789010/vpcflowlogs/us-east-1');
    file(
      'AWSLogs/123456789010/vpcflowlogs/us-east-1/2018/06/21/b_20180621T0005Z.log.gz',
      gzipSync(`${V2_HEADER}\n${V2.replace('20641', '3')}\n`),
    );
    file(
      'AWSLogs/123456789010/vpcflowlogs/us-east-1/2018/06/20/b_20180620T1625Z.log.gz',
      gzipSync(`${V2_HEADER}\n${V2.replace('20641', '2')}\n`),
    );
    file(
      'AWSLogs/123456789010/vpcflowlogs/us-east-1/2018/06/20/a_20180620T1620Z.log.gz',
      gzipSync(`${V2_HEADER}\n${V2.replace('20641', '1')}\n`),
    );
    file('AWSLogs/123456789010/vpcflowlogs/us-east-1/2018/06/20/notes.md', 'not flow logs');
    const result = cli([root]);
    expect(result.status).toBe(0);
    expect(events(result.stdout).map(event => event['source'].port)).toEqual([1, 2, 3]);
    expect(result.stderr).toMatch(
      /skipped 1 file that is not a flow-log delivery by content, e\.g\. .*notes\.md \(text that is not flow-log lines\)/,
    );
  });

  test('--jobs: files converted on worker threads keep input order, lines intact', () => {
    const folder = join(directory, 'jobs');
    for (let index = 0; index < 6; index++) {
      const body = `${V2_HEADER}\n${Array.from({ length: 2000 }, (_, line) => V2.replace('20641', String(index * 10000 + line))).join('\n')}\nbad ${index}\n`;
      file(`jobs/part-${index}.log${index % 2 === 0 ? '.gz' : ''}`, index % 2 === 0 ? gzipSync(body) : body);
    }
    const sequential = cli([folder, '--jobs', '1', '--stats']);
    const parallel = cli([folder, '--jobs', '3', '--stats']);
    expect(parallel.status).toBe(0);
    expect(parallel.stdout).toBe(sequential.stdout);
    expect(events(parallel.stdout).map(event => event['source'].port)).toEqual(
      Array.from({ length: 6 }, (_, index) =>
        Array.from({ length: 2000 }, (_unused, line) => index * 10000 + line),
      ).flat(),
    );
    const invalidLines = (stderr: string) =>
      stderr.split('\n').filter(line => line.includes('unknown-layout') || line.includes('field-count'));
    expect(invalidLines(parallel.stderr)).toEqual(invalidLines(sequential.stderr));
    expect(parallel.stderr).toContain('flowecs: lines:   12,012 = 12,000 events + 6 headers + 0 blank + 6 invalid');
  });

  test('--jobs with a failing file among good ones', () => {
    const folder = join(directory, 'jobs-fail');
    file('jobs-fail/a.log', `${V2}\n`);
    file('jobs-fail/b.log.gz', gzipSync(`${V2}\n`.repeat(5000)).subarray(0, 100));
    file('jobs-fail/c.log', `${V2}\n`);
    const result = cli([folder, '--jobs', '2']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('b.log.gz: the gzip data is truncated');
    expect(events(result.stdout).length).toBeGreaterThanOrEqual(2);
    expect(events(result.stdout).at(-1)).toMatchObject({ message: V2 });
  });

  test('--format reads a CloudWatch export without a header', () => {
    const path = file(
      'cloudwatch/000000.gz',
      gzipSync('vpc-1 10.0.0.1 10.0.0.2 443 ACCEPT OK\nvpc-1 10.0.0.2 10.0.0.1 - REJECT OK\n'),
    );
    const result = cli(['--format', '${vpc-id} ${srcaddr} ${dstaddr} ${dstport} ${action} ${log-status}', path]);
    expect(result.status).toBe(0);
    expect(
      events(result.stdout).map(event => [event['source'].ip, event['destination'].port, event['action'].name]),
    ).toEqual([
      ['10.0.0.1', 443, 'accept'],
      ['10.0.0.2', undefined, 'reject'],
    ]);
  });

  test('invalid lines: reported on stderr with file and line, capped, then summarised; exit 0 without --strict', () => {
    const path = file('mixed.log', `${V2}\n${'garbage line\n'.repeat(15)}${V2}\n`);
    const result = cli([path, '--error-limit', '3']);
    expect(result.status).toBe(0);
    expect(events(result.stdout)).toHaveLength(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^flowecs: ${path}:2: unknown-layout: The record has 2 fields`));
    expect(lines[1]).toContain(`flowecs: ${path}:3: unknown-layout`);
    expect(lines[2]).toContain(`flowecs: ${path}:4: unknown-layout`);
    expect(lines[3]).toBe('flowecs: 12 more invalid lines not shown (--errors FILE keeps them all).');
  });

  test('--errors writes every invalid line as NDJSON, and --strict exits 1', () => {
    const path = file('bad.log', `${V2}\nbad one\n${V2.replace(' 22 ', ' 99999 ')}\n`);
    const errors = join(directory, 'dead-letters.ndjson');
    const result = cli([path, '--errors', errors, '--strict']);
    expect(result.status).toBe(1);
    expect(events(result.stdout)).toHaveLength(1);
    expect(result.stderr).toBe(`flowecs: 2 invalid lines written to ${errors}.\n`);
    expect(
      readFileSync(errors, 'utf8')
        .trim()
        .split('\n')
        .map(line => JSON.parse(line)),
    ).toEqual([
      { source: path, line: 2, code: 'unknown-layout', message: expect.any(String), raw: 'bad one' },
      {
        source: path,
        line: 3,
        code: 'out-of-range',
        message: expect.stringContaining('dstport'),
        raw: V2.replace(' 22 ', ' 99999 '),
      },
    ]);
  });

  test('an unreadable file among good ones: each is reported, the others convert, exit 1', () => {
    const good = file('set/a.log', `${V2}\n`);
    file('set/b.log.gz', gzipSync(`${V2}\n`.repeat(50)).subarray(0, 30));
    symlinkSync(join(directory, 'set/nowhere.log'), join(directory, 'set/c.log'));
    file('set/d.log', `${V2}\n`);
    const result = cli([join(directory, 'set'), join(directory, 'missing.log')]);
    expect(result.status).toBe(1);
    expect(events(result.stdout)).toHaveLength(2);
    expect(result.stderr).toContain(`${join(directory, 'set/b.log.gz')}: the gzip data is truncated`);
    expect(result.stderr).toContain(`${join(directory, 'set/c.log')}: cannot be read`);
    expect(result.stderr).toContain(`${join(directory, 'missing.log')}: cannot be read (ENOENT`);
    expect(good).toBeTruthy();
  });

  test('--output writes through a temporary file, renamed on success', () => {
    const output = join(directory, 'out/events.ndjson');
    mkdirSync(join(directory, 'out'), { recursive: true });
    const result = cli([SAMPLE, '-o', output]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('');
    expect(events(readFileSync(output, 'utf8'))).toHaveLength(7);
    expect(readdirSync(join(directory, 'out'))).toEqual(['events.ndjson']);
  });

  test('--output keeps every event read when an input fails, and no temporary file is left', () => {
    mkdirSync(join(directory, 'out2'), { recursive: true });
    const output = join(directory, 'out2/events.ndjson');
    const corrupt = file('corrupt.log.gz', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff]));
    const result = cli([SAMPLE, corrupt, '-o', output]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${corrupt}: the gzip data is corrupt`);
    expect(result.stderr).toContain(`flowecs:   ${corrupt}: 0 lines delivered`);
    expect(events(readFileSync(output, 'utf8'))).toEqual(events(cli([SAMPLE]).stdout));
    expect(readdirSync(join(directory, 'out2'))).toEqual(['events.ndjson']);
  });

  test('--extended adds fields and keeps every standard value', () => {
    const standard = events(cli([SAMPLE]).stdout);
    const result = cli([SAMPLE, '--extended']);
    expect(result.status).toBe(0);
    const extended = events(result.stdout);
    expect(extended).toHaveLength(standard.length);
    extended.forEach((event, index) => {
      expect(event).toMatchObject(standard[index]!);
      expect(event['ecs']).toEqual({ version: '9.4.0' });
      expect(event['event']).toMatchObject({ kind: 'event', dataset: 'aws.vpcflow' });
    });
    expect(extended[0]!['network']).toMatchObject({
      community_id: expect.stringMatching(/^1:/),
      direction: 'internal',
      type: 'ipv4',
    });
  });

  test('--profile ocsf writes OCSF 1.1.0 events; --extended is --profile extended; mixing them is a usage error', () => {
    const result = cli([SAMPLE, '--profile', 'ocsf']);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const ocsf = events(result.stdout);
    expect(ocsf).toHaveLength(7);
    expect(ocsf.map(event => [event['class_uid'], event['status_code']])).toEqual(
      ['OK', 'OK', 'NODATA', 'SKIPDATA', 'OK', 'OK', 'OK'].map(status => [4001, status]),
    );
    expect(cli([SAMPLE, '--profile', 'extended']).stdout).toBe(cli([SAMPLE, '--extended']).stdout);
    const mixed = cli([SAMPLE, '--extended', '--profile', 'ocsf']);
    expect([mixed.status, mixed.stdout]).toEqual([2, '']);
    expect(mixed.stderr).toContain(
      'flowecs: --extended is --profile extended: it cannot be given with --profile ocsf.',
    );
    const unknown = cli([SAMPLE, '--profile', 'ecs']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("argument 'ecs' is invalid. Allowed choices are standard, extended, ocsf.");
    expect(cli(['--help']).stdout.replaceAll(/\s+/g, ' ')).toContain(
      'ocsf (OCSF 1.1.0 Network Activity, as Amazon Security Lake writes it)',
    );
  });

  test('--profile ocsf: its own output is replaced by the next run; a record without a time is a dead letter', () => {
    const output = join(directory, 'ocsf.ndjson');
    expect(cli([SAMPLE, '--profile', 'ocsf', '-o', output]).status).toBe(0);
    expect(cli([SAMPLE, '--profile', 'ocsf', '-o', output]).status).toBe(0);
    expect(events(readFileSync(output, 'utf8'))).toHaveLength(7);
    const untimed = file('untimed.log', 'version interface-id log-status\n2 eni-1 NODATA\n');
    const result = cli([untimed, '--profile', 'ocsf', '--errors', '-']);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr.split('\n').find(line => line.startsWith('{'))!)).toMatchObject({
      line: 2,
      code: 'unmappable-record',
      raw: '2 eni-1 NODATA',
    });
  });

  test('--pretty indents events', () => {
    const result = cli(['--pretty'], { input: `${V2}\n` });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\n  "event": {\n    "category": [');
    expect(JSON.parse(result.stdout)).toMatchObject({ source: { port: 20641 } });
  });

  test('--stats prints the summary and the accounting equation to stderr', () => {
    const path = file('stats.log', `${V2_HEADER}\n${V2}\n\nbad\n`);
    const result = cli([path, '--stats', '--error-limit', '0']);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('flowecs: files:   1\n');
    expect(result.stderr).toContain('flowecs: lines:   4 = 1 events + 1 headers + 1 blank + 1 invalid\n');
    expect(result.stderr).toContain('flowecs: status:  ok 1, nodata 0, skipdata 0\n');
    expect(result.stderr).toMatch(/flowecs: time: +[\d.]+ s, [\d,]+ lines\/s/);
  });
});
