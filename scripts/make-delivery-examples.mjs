// Writes the delivery examples in examples/deliveries/ from AWS's documented
// example records (`node scripts/make-delivery-examples.mjs`). No AWS-written
// Parquet file or CloudWatch payload of flow logs could be obtained, so these
// are built to AWS's documented shapes: Parquet by hyparquet-writer with the
// documented column types, envelopes as CloudWatch Logs sends them.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'packages/stream/package.json'));
const { parquetWriteBuffer } = await import(require.resolve('hyparquet-writer'));
const folder = join(root, 'examples/deliveries');

const HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status'.split(
    ' ',
  );
const RECORDS = [
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK',
  '2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK',
  '2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA',
  '2 123456789010 eni-11111111aaaaaaaaa - - - - - - - 1431280876 1431280934 - SKIPDATA',
  '2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 0 0 1 4 336 1432917027 1432917142 ACCEPT OK',
  '2 123456789010 eni-1235b8ca123456789 2001:db8:1234:a100:8d6e:3477:df66:f105 2001:db8:1234:a102:3304:8879:34cf:4071 34892 22 6 54 8855 1477913708 1477913820 ACCEPT OK',
];
const INT32 = new Set(['version', 'srcport', 'dstport', 'protocol']);
const INT64 = new Set(['packets', 'bytes', 'start', 'end']);

// Parquet (FileFormat=parquet), GZIP pages, two row groups.
const columns = HEADER.map(field => field.replaceAll('-', '_'));
const rows = RECORDS.map(record => record.split(' '));
const columnData = columns.map((name, index) => {
  const type = INT32.has(name) ? 'INT32' : INT64.has(name) ? 'INT64' : 'STRING';
  const data = rows.map(row =>
    row[index] === '-'
      ? null
      : type === 'INT32'
        ? Number(row[index])
        : type === 'INT64'
          ? BigInt(row[index])
          : row[index],
  );
  return { name, data, type, nullable: true };
});
const parquet = parquetWriteBuffer({
  columnData,
  codec: 'GZIP',
  compressors: { GZIP: bytes => new Uint8Array(gzipSync(bytes)) },
  rowGroupSize: 4,
});
writeFileSync(
  join(folder, '123456789010_vpcflowlogs_us-east-1_fl-1234abcd_20241130T0405Z_5e6f7a8b.log.parquet'),
  new Uint8Array(parquet),
);

// CloudWatch Logs subscription envelopes.
const envelope = (records, stream) =>
  JSON.stringify({
    messageType: 'DATA_MESSAGE',
    owner: '123456789010',
    logGroup: '/aws/vpc/flowlogs',
    logStream: stream,
    subscriptionFilters: ['to-firehose'],
    logEvents: records.map((message, index) => ({
      id: `3715${String(index).padStart(52, '0')}`,
      timestamp: Number(message.split(' ')[10]) * 1000,
      message,
    })),
  });
const control = JSON.stringify({
  messageType: 'CONTROL_MESSAGE',
  owner: 'CloudwatchLogs',
  logGroup: '',
  logStream: '',
  subscriptionFilters: [],
  logEvents: [
    { id: '', timestamp: 1732939200000, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' },
  ],
});
// CloudWatch Logs → Firehose → S3: one gzip member per record, envelopes back to back, no extension.
writeFileSync(
  join(folder, 'flows-firehose-1-2024-11-30-04-05-00-0a1b2c3d'),
  Buffer.concat(
    [
      control,
      envelope(RECORDS.slice(0, 3), 'eni-1235b8ca123456789'),
      envelope(RECORDS.slice(3), 'eni-11111111aaaaaaaaa'),
    ].map(text => gzipSync(text)),
  ),
);
// A Lambda subscription event, saved as a file.
writeFileSync(
  join(folder, 'cloudwatch-lambda-event.json'),
  `${JSON.stringify({ awslogs: { data: gzipSync(envelope(RECORDS.slice(0, 2), 'eni-1235b8ca123456789')).toString('base64') } }, null, 2)}\n`,
);
// A CloudWatch Logs export task object: each line the event's time, a space, the record.
const exported = RECORDS.map(
  record => `${new Date(Number(record.split(' ')[10]) * 1000).toISOString()} ${record}\n`,
).join('');
writeFileSync(join(folder, 'exportedlogs-000000.gz'), gzipSync(exported));
// Flow log → Firehose (direct put) → S3: {"message": record} lines.
writeFileSync(
  join(folder, 'flows-direct-put-1-2024-11-30-04-05-00-1b2c3d4e'),
  RECORDS.map(message => `${JSON.stringify({ message })}\n`).join(''),
);
console.log(`wrote ${folder}`);
