import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

// Every delivery AWS uses, by auto-detection, through the built binary.
// Inputs: examples/deliveries (scripts/make-delivery-examples.mjs); golden
// outputs: test/deliveries. Regenerate them only for an intended change.
const binary = fileURLToPath(new URL('../bin/flowecs.js', import.meta.url));
const examples = fileURLToPath(new URL('../../../examples/deliveries/', import.meta.url));
const golden = fileURLToPath(new URL('../test/deliveries/', import.meta.url));
const directory = mkdtempSync(join(tmpdir(), 'flowecs-deliveries-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const cli = (args: readonly string[], input = '') =>
  spawnSync(process.execPath, [binary, ...args], { input, encoding: 'utf8', cwd: directory });
const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';

describe('deliveries, detected by content', () => {
  const files = readdirSync(examples);

  test('there is one example of each delivery', () => {
    expect(files).toHaveLength(5);
  });

  test.each(files)('%s: the golden standard, extended and OCSF output', name => {
    const flags = { standard: [], extended: ['--extended'], ocsf: ['--profile', 'ocsf'] };
    for (const profile of ['standard', 'extended', 'ocsf'] as const) {
      const result = cli([join(examples, name), ...flags[profile]]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(readFileSync(join(golden, `${name}.${profile}.ndjson`), 'utf8'));
    }
  });

  test.each(files)('%s: the standard output is that of the same records delivered as text with a header', name => {
    const events = cli([join(examples, name)])
      .stdout.split('\n')
      .filter(Boolean)
      .map(line => JSON.parse(line) as { message: string });
    const text = join(directory, `${name}.log`);
    writeFileSync(text, `${HEADER}\n${events.map(event => event.message).join('\n')}\n`);
    expect(cli([join(examples, name)]).stdout).toBe(cli([text]).stdout);
  });

  test('--input-format forces a reading; Parquet on stdin gets a clear message', () => {
    const parquet = readdirSync(examples).find(name => name.endsWith('.parquet'))!;
    const asText = cli([join(examples, parquet), '--input-format', 'text', '--error-limit', '0']);
    expect(asText.status).toBe(1);
    const stdin = spawnSync('bash', ['-c', `"${process.execPath}" "${binary}" < "${join(examples, parquet)}"`], {
      encoding: 'utf8',
    });
    expect(stdin.status).toBe(1);
    expect(stdin.stderr).toContain(
      'stdin: Parquet can only be read from a file (it needs random access); save it to a file and pass its path.',
    );
    expect(cli(['--input-format', 'xml']).status).toBe(2);
  });

  test('a directory walk decides by content, never by name: every delivery is read, as when named one by one', () => {
    const walked = cli([examples, '--stats', '--strict']);
    expect(walked.status).toBe(0);
    expect(walked.stderr).not.toContain('flowecs: skipped');
    expect(walked.stderr).toMatch(/files: +5\n/);
    const named = files.map(name => cli([join(examples, name)]).stdout).join('');
    expect(walked.stdout.split('\n').filter(Boolean)).toHaveLength(26);
    expect(walked.stdout).toBe(named);
  });

  test('--stats counts control messages apart', () => {
    const firehose = files.find(name => name.startsWith('flows-firehose'))!;
    const result = cli([join(examples, firehose), '--stats']);
    expect(result.stderr).toContain('flowecs: control: 1 CloudWatch Logs control messages (health checks) skipped\n');
    expect(result.stderr).toContain('flowecs: lines:   6 = 6 events + 0 headers + 0 blank + 0 invalid\n');
  });

  test('an AWSLogs path names the account of records without one', () => {
    const folder = join(directory, 'AWSLogs/123456789012/vpcflowlogs/eu-west-1/2024/11/30');
    spawnSync('mkdir', ['-p', folder]);
    writeFileSync(join(folder, 'x.log'), 'srcaddr dstaddr\n10.0.0.1 10.0.0.2\n');
    const event = JSON.parse(cli([join(folder, 'x.log'), '--extended']).stdout);
    expect(event.cloud).toMatchObject({ account: { id: '123456789012' }, region: 'eu-west-1' });
  });
});
