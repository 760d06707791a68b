// Datasets for the delivery rows of `pnpm bench`: the same records as the v2
// text dataset, as a Parquet file (AWS's documented column types, GZIP pages),
// as CloudWatch Logs envelopes in gzip members back to back (what CloudWatch
// Logs → Firehose → S3 writes), and as a tree of gzip objects with a header
// each (what `aws s3 sync` brings down).
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(join(root, 'packages/stream/package.json'));
const INT32 = new Set(['version', 'srcport', 'dstport', 'protocol']);
const INT64 = new Set(['packets', 'bytes', 'start', 'end']);

function records(textPath) {
  const lines = readFileSync(textPath, 'utf8').split('\n');
  const header = lines.shift().split(' ');
  if (lines.at(-1) === '') lines.pop();
  return { header, lines };
}

/** The text dataset's records as Parquet, `rowGroupSize` rows per row group. */
export async function writeParquetDataset(textPath, outPath, rowGroupSize = 100_000) {
  const { parquetWriteBuffer } = await import(require.resolve('hyparquet-writer'));
  const { header, lines } = records(textPath);
  const columns = header.map(field => field.replaceAll('-', '_'));
  const columnData = columns.map(name => ({
    name,
    type: INT32.has(name) ? 'INT32' : INT64.has(name) ? 'INT64' : 'STRING',
    nullable: true,
    data: new Array(lines.length),
  }));
  lines.forEach((line, row) => {
    const tokens = line.split(' ');
    for (let index = 0; index < columns.length; index++) {
      const column = columnData[index];
      const token = tokens[index];
      column.data[row] =
        token === '-'
          ? null
          : column.type === 'INT32'
            ? Number(token)
            : column.type === 'INT64'
              ? BigInt(token)
              : token;
    }
  });
  const bytes = parquetWriteBuffer({
    columnData,
    codec: 'GZIP',
    compressors: { GZIP: input => new Uint8Array(gzipSync(input, { level: 6 })) },
    rowGroupSize,
  });
  const out = createWriteStream(outPath);
  out.end(new Uint8Array(bytes));
  await once(out, 'finish');
}

/**
 * The text dataset's records as CloudWatch Logs envelopes of `perEnvelope`
 * events, each envelope its own gzip member, written `repeat` times over.
 */
export async function writeEnvelopeDataset(textPath, outPath, perEnvelope = 1000, repeat = 1) {
  const { lines } = records(textPath);
  const out = createWriteStream(outPath);
  for (let round = 0; round < repeat; round++) {
    for (let first = 0; first < lines.length; first += perEnvelope) {
      const logEvents = lines.slice(first, first + perEnvelope).map((message, index) => ({
        id: String(first + index).padStart(56, '3'),
        timestamp: Number(message.split(' ')[10]) * 1000,
        message,
      }));
      const envelope = JSON.stringify({
        messageType: 'DATA_MESSAGE',
        owner: '123456789010',
        logGroup: '/aws/vpc/flowlogs',
        logStream: 'eni-0f06a40fc9be596f6',
        subscriptionFilters: ['bench'],
        logEvents,
      });
      if (!out.write(gzipSync(envelope, { level: 1 }))) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return lines.length * repeat;
}

/**
 * The text dataset's records as `files` gzip objects with a header each, in
 * AWS's key layout (a folder a day), named so that byte order is record order.
 * Returns how many files and their bytes.
 */
export function writeTreeDataset(textPath, outDirectory, files = 2000) {
  const { header, lines } = records(textPath);
  const perFile = Math.ceil(lines.length / files);
  let bytes = 0;
  for (let index = 0; index < files; index++) {
    const day = String(1 + Math.floor((index * 28) / files)).padStart(2, '0');
    const folder = join(outDirectory, 'AWSLogs/123456789010/vpcflowlogs/us-east-1/2024/01', day);
    mkdirSync(folder, { recursive: true });
    const name = `123456789010_vpcflowlogs_us-east-1_fl-1234abcd_202401${day}T0000Z_${String(index).padStart(6, '0')}.log.gz`;
    const body = lines.slice(index * perFile, (index + 1) * perFile);
    const compressed = gzipSync(`${[header.join(' '), ...body].join('\n')}\n`, { level: 1 });
    writeFileSync(join(folder, name), compressed);
    bytes += compressed.length;
  }
  return { files, bytes };
}
