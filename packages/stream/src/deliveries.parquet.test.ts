import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, test } from 'vitest';
import { writeParquet } from './__fixtures__/write-parquet';
import { createFlowLogStream } from './create-flow-log-stream';
import { FlowLogInputError, openFlowLogInput } from './open-flow-log-file';
import { convert, directory, examples, file, V2, V2_HEADER } from './__fixtures__/deliveries';

describe('Parquet', () => {
  const variants = [
    { name: 'GZIP pages, one row group, `-` as null', options: {} },
    {
      name: 'SNAPPY pages, a row group per 2 rows, `-` as text',
      options: { codec: 'SNAPPY', rowGroupSize: 2, dashAs: 'text' },
    },
    {
      name: 'INT64 where AWS documents INT32, strings where it documents INT64',
      options: { types: { srcport: 'INT64', dstport: 'INT64', protocol: 'INT64', packets: 'STRING', start: 'STRING' } },
    },
  ] as const;

  test.each(
    examples.flatMap(example =>
      variants.map(variant => [example.name, variant.name, example, variant.options] as const),
    ),
  )(
    '%s (%s): the same events as the records delivered as text with a header',
    async (_name, _variant, example, options) => {
      const format = (example.format ?? V2_HEADER).split(' ');
      // As AWS writes text: one space between values.
      const records = example.lines.map(line => line.split(' ').filter(Boolean).join(' '));
      const text = await convert(file(`${example.name}.log`, `${format.join(' ')}\n${records.join('\n')}\n`));
      const parquet = await convert(
        file(
          `${example.name}-${options === variants[0].options ? 0 : Object.keys(options).length}.log.parquet`,
          writeParquet(format, records, options),
        ),
      );
      expect(parquet.failure).toBeUndefined();
      expect(parquet.invalid).toEqual([]);
      expect(parquet.ndjson).toBe(text.ndjson);
      expect(parquet.stats).toMatchObject({ lines: records.length, events: records.length, headers: 0, invalid: 0 });
    },
  );

  test('columns of many pages, nulls on every page, several row groups: the same events as text', async () => {
    // Each column is read a page at a time: rows cross page ends at different
    // places in each column, and a null takes a row but no value.
    const records = Array.from({ length: 3000 }, (_, index) =>
      [
        2,
        index % 7 === 0 ? '-' : `12345678${String(index % 9000).padStart(4, '0')}`,
        `eni-${index.toString(16).padStart(17, '0')}`,
        index % 11 === 0 ? '-' : `10.0.${index % 256}.${(index * 7) % 256}`,
        index % 5 === 0 ? '2600:1f18::' + index.toString(16) : `172.16.${index % 200}.1`,
        index % 13 === 0 ? '-' : 1024 + index,
        443,
        [6, 17, 1][index % 3],
        index % 3 === 0 ? '-' : index * 3,
        index % 3 === 0 ? '-' : index * 1500,
        1418530010 + index * 17,
        1418530070 + index * 17,
        index % 4 === 0 ? 'REJECT' : 'ACCEPT',
        index % 3 === 0 ? 'NODATA' : 'OK',
      ].join(' '),
    );
    const text = await convert(file('pages.log', `${V2_HEADER}\n${records.join('\n')}\n`));
    const parquet = await convert(
      file('pages.log.parquet', writeParquet(V2_HEADER.split(' '), records, { rowGroupSize: 1100, pageSize: 2048 })),
    );
    expect(parquet.failure).toBeUndefined();
    expect(parquet.ndjson).toBe(text.ndjson);
    expect(parquet.stats).toMatchObject({ lines: 3000, events: text.stats.events, invalid: text.stats.invalid });
  });

  test('a Transit Gateway layout in several row groups', async () => {
    const format =
      'version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service'.split(
        ' ',
      );
    const records = Array.from(
      { length: 9 },
      (_, index) =>
        `6 TransitGateway 123456789010 tgw-0123456789abcdef0 tgw-attach-0123456789abcdef0 123456789010 123456789011 vpc-0a1b2c3d4e5f60001 vpc-0a1b2c3d4e5f60002 subnet-0a1b2c3d4e5f60001 subnet-0a1b2c3d4e5f60002 eni-0a1b2c3d4e5f60001 eni-0a1b2c3d4e5f60002 use1-az1 use1-az2 tgw-attach-0fedcba9876543210 10.0.${index}.1 10.1.0.${index} ${40000 + index} 443 6 ${10 + index} ${1000 + index} ${1659000000 + index} ${1659000060 + index} ${index === 8 ? 'NODATA' : 'OK'} IPv4 0 0 0 ${index % 2} 19 us-east-1 ingress - -`,
    );
    const text = await convert(file('tgw.log', `${format.join(' ')}\n${records.join('\n')}\n`));
    const parquet = await convert(file('tgw.log.parquet', writeParquet(format, records, { rowGroupSize: 4 })));
    expect(text.stats.events).toBe(9);
    expect(parquet.ndjson).toBe(text.ndjson);
  });

  test('a column AWS will add later is read; the standard profile ignores it', async () => {
    const format = [...V2_HEADER.split(' '), 'future-field'];
    const parquet = await convert(
      file('future.log.parquet', writeParquet(format, [`${V2} 7`], { types: { future_field: 'INT32' } })),
      { profile: 'extended' },
    );
    expect(parquet.events[0]!['aws'].vpcflow.future_field).toBe('7');
    expect(parquet.stats.unknownFields).toEqual(['future-field']);
  });

  test('bad files: a typed error naming the file; the rows before it are delivered', async () => {
    const good = writeParquet(V2_HEADER.split(' '), [V2, V2, V2], { rowGroupSize: 1 });
    const truncated = await convert(file('truncated.log.parquet', good.subarray(0, good.length - 30)));
    expect(truncated.failure).toBeInstanceOf(FlowLogInputError);
    expect(truncated.failure).toMatchObject({ code: 'invalid-parquet' });
    expect(truncated.failure!.message).toContain('truncated.log.parquet');
    const corrupt = good.slice();
    corrupt.fill(0xff, corrupt.length - 60, corrupt.length - 8);
    expect((await convert(file('corrupt.log.parquet', corrupt))).failure).toMatchObject({ code: 'invalid-parquet' });
    // A column of a type no flow-log field takes: that row is invalid, the others convert.
    const typed = await convert(
      file(
        'double.log.parquet',
        writeParquet(['version', 'srcaddr', 'packets'], ['2 10.0.0.1 1.5', '2 10.0.0.2 3'], {
          types: { packets: 'STRING' },
        }),
      ),
      { format: 'version srcaddr packets' },
    );
    expect(typed.stats).toMatchObject({ lines: 2, events: 1, invalid: 1 });
    expect(typed.invalid[0]).toMatchObject({
      code: 'invalid-number',
      lineNumber: 1,
      source: join(directory, 'double.log.parquet'),
    });
  });

  test('Parquet on standard input: a clear message', async () => {
    const flows = createFlowLogStream({ output: 'ndjson' });
    const failure = await pipeline(
      openFlowLogInput(Readable.from([Buffer.from(writeParquet(['version'], ['2']))]), { source: 'stdin' }),
      flows,
      new Writable({ write: (_chunk, _encoding, callback) => callback() }),
    ).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'parquet-needs-file' });
    expect((failure as Error).message).toBe(
      'stdin: Parquet can only be read from a file (it needs random access); save it to a file and pass its path.',
    );
  });
});

test('Parquet from a stream with random access to the same bytes (an S3 object by ranges)', async () => {
  const bytes = Buffer.from(writeParquet(V2_HEADER.split(' '), [V2, V2, V2], { rowGroupSize: 2 }));
  const slices: string[] = [];
  const randomAccess = {
    byteLength: bytes.length,
    slice: async (start: number, end = bytes.length) => {
      slices.push(`${start}-${end}`);
      return new Uint8Array(bytes.subarray(start, end)).buffer;
    },
  };
  const flows = createFlowLogStream({ output: 'ndjson' });
  const chunks: Buffer[] = [];
  await pipeline(
    openFlowLogInput(Readable.from([bytes]), { source: 's3://bucket/key', randomAccess }),
    flows,
    new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        chunks.push(chunk);
        callback();
      },
    }),
  );
  const fromFile = await convert(file('ranges.log.parquet', bytes));
  expect(Buffer.concat(chunks).toString()).toBe(fromFile.ndjson);
  expect(flows.stats()).toMatchObject({ lines: 3, events: 3 });
  // Read by ranges: the footer's tail (the whole of a file this small), then each row group.
  expect(slices).toHaveLength(3);
});

describe('a hostile Parquet footer', () => {
  test('sizes no real file has are refused before anything is read', async () => {
    const { parquetMetadata } = await import('hyparquet');
    const { checkParquetFooter } = await import('./read-parquet');
    const bytes = writeParquet(V2_HEADER.split(' '), [V2]);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(checkParquetFooter(parquetMetadata(buffer), bytes.length)).toHaveLength(14);
    const huge = parquetMetadata(buffer);
    huge.row_groups[0]!.columns[3]!.meta_data!.total_uncompressed_size = 2n ** 40n;
    expect(() => checkParquetFooter(huge, bytes.length)).toThrow(/column "srcaddr" claims 1099511627776 bytes/);
    const rows = parquetMetadata(buffer);
    rows.row_groups[0]!.num_rows = 2n ** 40n;
    expect(() => checkParquetFooter(rows, bytes.length)).toThrow('a row group claims 1099511627776 rows');
  });
});

test('a damaged page that sends hyparquet into an endless loop is stopped by the watchdog', async () => {
  // Found by the property above: one byte makes a bit-packed run's count negative.
  const bytes = writeParquet(V2_HEADER.split(' '), [V2, V2, V2], { rowGroupSize: 2 });
  bytes[150] = 0;
  // Before the watchdog, this never returned (the test timed out).
  const result = await convert(file('endless.log.parquet', bytes));
  expect(result.failure).toMatchObject({ code: 'invalid-parquet' });
  expect(result.failure!.message).toContain('damaged pages');
});
