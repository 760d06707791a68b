import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { firehoseEvent } from './__fixtures__/events';
import { cloudWatchEnvelope, diverseRecords } from './__fixtures__/records';
import { createFirehoseTransformHandler, FIREHOSE_RESPONSE_LIMIT } from './firehose-transform-handler';

const examples = new URL('../../../examples/deliveries/', import.meta.url);
const cli = createRequire(import.meta.url)
  .resolve('flowecs/package.json')
  .replace(/package\.json$/, 'bin/flowecs.js');
const decode = (data: string) => Buffer.from(data, 'base64').toString();

describe('createFirehoseTransformHandler', () => {
  test('direct put: one record per line; the Ok data, joined, is the CLI output for the file', async () => {
    const path = new URL('flows-direct-put-1-2024-11-30-04-05-00-1b2c3d4e', examples);
    const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
    const response = await createFirehoseTransformHandler({ log: () => undefined })(
      firehoseEvent(lines.map(line => Buffer.from(line))),
    );
    expect(response.records.map(record => record.result)).toEqual(lines.map(() => 'Ok'));
    expect(response.records.map(record => record.recordId)).toEqual(lines.map((_line, index) => `record-${index}`));
    const expected = execFileSync(process.execPath, [cli, path.pathname], { encoding: 'utf8' });
    expect(response.records.map(record => decode(record.data!)).join('')).toBe(expected);
  });

  test('a filter: records it drops whole are Dropped, the rest Ok with the CLI --where output, filtered counted', async () => {
    const path = new URL('flows-direct-put-1-2024-11-30-04-05-00-1b2c3d4e', examples);
    const lines = readFileSync(path, 'utf8').split(/(?<=\n)/);
    const logs: string[] = [];
    const filter = 'action == "ACCEPT" and dstport < 1024';
    const response = await createFirehoseTransformHandler({ filter, log: line => logs.push(line) })(
      firehoseEvent(lines.map(line => Buffer.from(line))),
    );
    const expected = execFileSync(process.execPath, [cli, path.pathname, '--where', filter], { encoding: 'utf8' });
    const kept = expected.split(/(?<=\n)/).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(lines.length);
    const results = response.records.map(record => record.result);
    expect(results.filter(result => result === 'Dropped')).toHaveLength(lines.length - kept);
    expect(response.records.map(record => (record.result === 'Ok' ? decode(record.data!) : '')).join('')).toBe(
      expected,
    );
    expect(JSON.parse(logs[0]!)).toMatchObject({ events: kept, filtered: lines.length - kept, invalid: 0 });
  });

  test('CloudWatch envelopes, about 1 MB compressed: every recordId once, Dropped for the control message, under 6 MB, nothing lost', async () => {
    const records = diverseRecords(16_000);
    const payloads: Buffer[] = [];
    for (let start = 0; start < records.length; start += 1000)
      payloads.push(gzipSync(cloudWatchEnvelope(records.slice(start, start + 1000))));
    payloads.splice(3, 0, gzipSync(cloudWatchEnvelope([], { control: true })));
    const compressed = payloads.reduce((total, payload) => total + payload.length, 0);
    expect(compressed).toBeGreaterThan(900_000);
    expect(compressed).toBeLessThan(1_500_000);
    const event = firehoseEvent(payloads);
    const logs: string[] = [];
    const response = await createFirehoseTransformHandler({ log: line => logs.push(line) })(event);
    expect(JSON.stringify(response).length).toBeLessThanOrEqual(FIREHOSE_RESPONSE_LIMIT);
    expect(response.records.map(record => record.recordId)).toEqual(event.records.map(record => record.recordId));
    expect(response.records[3]!.result).toBe('Dropped');
    // The expansion does not fit: the records that do not are returned whole, for Firehose's error output.
    const ok = response.records.filter(record => record.result === 'Ok');
    const failed = response.records.filter(record => record.result === 'ProcessingFailed');
    expect(ok.length).toBeGreaterThan(0);
    expect(failed.length).toBeGreaterThan(0);
    for (const record of failed)
      expect(record.data).toBe(event.records.find(input => input.recordId === record.recordId)!.data);
    const events = ok.reduce((total, record) => total + decode(record.data!).split('\n').length - 1, 0);
    expect(events + failed.length * 1000).toBe(records.length);
    const overBudget = logs.map(line => JSON.parse(line)).filter(line => line.code === 'over-response-budget');
    expect(overBudget.map(line => line.source)).toEqual(failed.map(record => `firehose:${record.recordId}`));
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ flowecs: 'summary', failed: failed.length });
  });

  test('a record with an invalid line is ProcessingFailed with its original data; others are Ok', async () => {
    const [good] = diverseRecords(1);
    const event = firehoseEvent([
      Buffer.from(`{"message":"${good}"}\n`),
      Buffer.from('{"message":"2 not a flow log"}\n'),
      gzipSync(cloudWatchEnvelope([good!, 'garbage'])),
      Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]),
    ]);
    const response = await createFirehoseTransformHandler({ log: () => undefined })(event);
    expect(response.records.map(record => record.result)).toEqual([
      'Ok',
      'ProcessingFailed',
      'ProcessingFailed',
      'ProcessingFailed',
    ]);
    expect(response.records.slice(1).map(record => record.data)).toEqual(
      event.records.slice(1).map(record => record.data),
    );
  });

  test('a smaller budget: the answers still fit, in order', async () => {
    const records = diverseRecords(400);
    const event = firehoseEvent(records.map(record => Buffer.from(`{"message":"${record}"}\n`)));
    const response = await createFirehoseTransformHandler({ log: () => undefined, maxResponseBytes: 200_000 })(event);
    expect(JSON.stringify(response).length).toBeLessThanOrEqual(200_000);
    const results = response.records.map(record => record.result);
    // Ok while the NDJSON fits beside the originals still to answer, then the rest returned whole.
    const firstFailed = results.indexOf('ProcessingFailed');
    expect(firstFailed).toBeGreaterThan(0);
    expect(results.slice(0, firstFailed).every(result => result === 'Ok')).toBe(true);
  });

  test('bad settings fail when the handler is made', () => {
    expect(() => createFirehoseTransformHandler({ profile: 'ext' as 'extended' })).toThrow(/profile/);
  });
});
