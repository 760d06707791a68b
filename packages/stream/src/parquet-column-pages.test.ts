import { parquetMetadata } from 'hyparquet';
import { expect, test } from 'vitest';
import { V2, V2_HEADER } from './__fixtures__/deliveries';
import { writeParquet } from './__fixtures__/write-parquet';
import { rowGroupColumns } from './parquet-column-pages';

const columns = V2_HEADER.split(' ').map(field => field.replaceAll('-', '_'));

function rowGroup(records: readonly string[]) {
  const bytes = writeParquet(V2_HEADER.split(' '), records);
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
