import { crc32 } from 'node:zlib';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
import { ByteWriter } from 'hyparquet-writer/src/bytewriter.js';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { expect, test } from 'vitest';
import { V2, V2_HEADER } from './__fixtures__/deliveries';
import { writeParquet } from './__fixtures__/write-parquet';
import { rowGroupColumns } from './parquet-column-pages';

const columns = V2_HEADER.split(' ').map(field => field.replaceAll('-', '_'));

function rowGroup(records: readonly string[], codec?: 'UNCOMPRESSED') {
  const bytes = writeParquet(V2_HEADER.split(' '), records, codec === undefined ? {} : { codec });
  const metadata = parquetMetadata(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
  );
  return { bytes, metadata, group: metadata.row_groups[0]! };
}

test('the rows of a row group, one value of each column at a time', () => {
  const records = [V2, V2.replace('ACCEPT OK', 'REJECT OK'), V2.replace('20641', '443')];
  const { bytes, metadata, group } = rowGroup(records);
  const cursors = rowGroupColumns(metadata.schema, group, columns, bytes, 0);
  const rows = records.map(() => cursors.map(cursor => String(cursor.next())).join(' '));
  expect(rows).toEqual(records);
  expect(() => cursors[0]!.next()).toThrow('column "version" ends before the row group\'s last row');
});

test('dictionary-encoded values whose dictionary page is missing are an error, not the indices read as values', () => {
  const { bytes, metadata, group } = rowGroup([V2, V2]);
  // The chunk as if it started at its first data page: no dictionary.
  const chunk = group.columns.find(column => column.meta_data?.path_in_schema[0] === 'action')!.meta_data!;
  const { dictionary_page_offset: dictionaryOffset, ...rest } = chunk;
  expect(dictionaryOffset).toBeDefined();
  const withoutDictionary = {
    ...group,
    columns: group.columns.map(column =>
      column.meta_data === chunk
        ? {
            ...column,
            meta_data: {
              ...rest,
              total_compressed_size: chunk.total_compressed_size - (chunk.data_page_offset - dictionaryOffset!),
            },
          }
        : column,
    ),
  };
  const cursors = rowGroupColumns(metadata.schema, withoutDictionary, columns, bytes, 0);
  const action = cursors[columns.indexOf('action')]!;
  expect(() => action.next()).toThrow('column "action" has dictionary-encoded values and no dictionary page');
});

/** The column chunk with each page's CRC-32 in its header, as writers that give one write it (hyparquet-writer gives none). */
function withPageCrcs(chunk: Uint8Array): Uint8Array {
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const writer = new ByteWriter();
  for (const reader = { view, offset: 0 }; reader.offset < chunk.byteLength;) {
    const header = parquetHeader(reader);
    const body = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
    // (hyparquet-writer's types are those of an older hyparquet: the same header.)
    writePageHeader(writer, { ...header, crc: crc32(body) | 0 } as Parameters<typeof writePageHeader>[1]);
    writer.appendBytes(body);
    reader.offset += header.compressed_page_size;
  }
  return writer.getBytes();
}

test('a page with a CRC is checked: a changed byte is an error, not another value (without one it goes unseen)', () => {
  const records = [V2, V2.replace('20641', '443'), V2.replace('20641', '8080')];
  // Uncompressed: a changed byte of a GZIP page would fail gzip's own check.
  const { bytes, metadata, group } = rowGroup(records, 'UNCOMPRESSED');
  const index = group.columns.findIndex(column => column.meta_data?.path_in_schema[0] === 'srcport');
  const meta = group.columns[index]!.meta_data!;
  const begin = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
  const plain = bytes.slice(begin, begin + Number(meta.total_compressed_size));
  const read = (chunk: Uint8Array) => {
    const columnsOfGroup = group.columns.map((column, at) =>
      at === index ? { ...column, meta_data: { ...meta, total_compressed_size: BigInt(chunk.length) } } : column,
    );
    const [cursor] = rowGroupColumns(metadata.schema, { ...group, columns: columnsOfGroup }, ['srcport'], chunk, begin);
    return records.map(() => cursor!.next());
  };
  const checked = withPageCrcs(plain);
  expect(read(checked)).toEqual([20641, 443, 8080]);
  const damage = (chunk: Uint8Array) => {
    const damaged = chunk.slice();
    damaged[damaged.length - 1]! ^= 0x01;
    return damaged;
  };
  // No CRC: the last value changes, and nothing can tell.
  expect(read(damage(plain))).not.toEqual([20641, 443, 8080]);
  expect(() => read(damage(checked))).toThrow('a page of column "srcport" fails its CRC check: it is damaged');
});
