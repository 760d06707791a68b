// hyparquet's page-level functions, exported by its `./src/*.js` entry. Its
// column readers decode a whole column chunk and assemble it into an array
// (a BigInt object per INT64 value): a row group of 100k rows held that way
// took ~100 MB. A flow-log row needs one value of each column at a time, so
// each column keeps one page, its values as decoded (typed arrays for
// numbers) and its definition levels for the nulls.
import { crc32 } from 'node:zlib';
import type { DecodedArray, FileMetaData, SchemaElement } from 'hyparquet';
import { parquetHeader, readPage } from 'hyparquet/src/column.js';
import { convert, convertWithDictionary, DEFAULT_PARSERS } from 'hyparquet/src/convert.js';
import { decompressPage, readDataPage, readDataPageV2 } from 'hyparquet/src/datapage.js';
import { getMaxDefinitionLevel, getSchemaPath } from 'hyparquet/src/schema.js';
import { guardedCompressors } from './parquet-compressors';

type ColumnDecoder = Parameters<typeof readPage>[2];

/** The values of one flat column chunk, decoded one page at a time. */
export class ColumnPages {
  private readonly reader: { view: DataView; offset: number };
  private readonly present: number;
  private dictionary: DecodedArray | undefined;
  /** The current page: its rows, their definition levels (empty: no nulls), its non-null values. */
  private rows = 0;
  private levels: ArrayLike<number> = [];
  private values: DecodedArray = [];
  private row = 0;
  private value = 0;

  constructor(
    private readonly decoder: ColumnDecoder,
    bytes: Uint8Array,
  ) {
    this.reader = { view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), offset: 0 };
    this.present = getMaxDefinitionLevel(decoder.schemaPath);
  }

  /** The next row's value: `null` for a null. */
  next(): unknown {
    while (this.row >= this.rows) this.readPage();
    const row = this.row++;
    if (this.levels.length > 0 && this.levels[row] !== this.present) return null;
    if (this.value >= this.values.length)
      throw new Error(`a page of column "${this.name()}" holds fewer values than rows`);
    return this.values[this.value++];
  }

  private name(): string {
    return this.decoder.pathInSchema.join('.');
  }

  private readPage(): void {
    const { reader, decoder } = this;
    if (reader.offset >= reader.view.byteLength - 1)
      throw new Error(`column "${this.name()}" ends before the row group's last row`);
    const header = parquetHeader(reader);
    const size = header.compressed_page_size;
    if (!(Number.isSafeInteger(size) && size >= 0 && size <= reader.view.byteLength - reader.offset))
      throw new Error(`a page header of column "${this.name()}" is malformed (its page size)`);
    // The page's CRC-32, when its writer gave one (parquet-mr 1.10, which Security
    // Lake uses, gives none): without it, damage that still decodes goes unseen.
    if (
      header.crc !== undefined &&
      (crc32(new Uint8Array(reader.view.buffer, reader.view.byteOffset + reader.offset, size)) | 0) !== header.crc
    )
      throw new Error(`a page of column "${this.name()}" fails its CRC check: it is damaged`);
    if (header.type === 'DICTIONARY_PAGE') {
      const { data } = readPage(reader, header, decoder, undefined, undefined, 0);
      if (data !== undefined) this.dictionary = convert(data, decoder);
      return;
    }
    const compressed = new Uint8Array(reader.view.buffer, reader.view.byteOffset + reader.offset, size);
    reader.offset += size;
    let page: ReturnType<typeof readDataPage>;
    let encoding: Parameters<typeof convertWithDictionary>[2];
    if (header.type === 'DATA_PAGE' && header.data_page_header !== undefined) {
      const bytes = decompressPage(
        compressed,
        Number(header.uncompressed_page_size),
        decoder.codec,
        decoder.compressors,
      );
      page = readDataPage(bytes, header.data_page_header, decoder);
      encoding = header.data_page_header.encoding;
      this.rows = header.data_page_header.num_values;
    } else if (header.type === 'DATA_PAGE_V2' && header.data_page_header_v2 !== undefined) {
      page = readDataPageV2(compressed, header, decoder);
      encoding = header.data_page_header_v2.encoding;
      this.rows = header.data_page_header_v2.num_rows;
    } else if (header.type === 'INDEX_PAGE') return;
    else throw new Error(`a page header of column "${this.name()}" is malformed (its page type)`);
    if (page.repetitionLevels.length > 0) throw new Error(`column "${this.name()}" repeats values`);
    // Without its dictionary, hyparquet hands back the indices as if they were the values.
    if (encoding.endsWith('_DICTIONARY') && this.dictionary === undefined)
      throw new Error(`column "${this.name()}" has dictionary-encoded values and no dictionary page`);
    this.values = convertWithDictionary(page.dataPage, this.dictionary, encoding, decoder);
    // Kept as bytes: hyparquet's levels are an Array of numbers, 8 bytes a row.
    this.levels = page.definitionLevels === undefined ? [] : Uint8Array.from(page.definitionLevels);
    this.row = 0;
    this.value = 0;
  }
}

/**
 * A cursor over each column chunk of a row group, in `columns` order. `bytes`
 * holds the row group's column chunks as they lie in the file from `offset`;
 * `schema` is the file's (its footer's `schema`).
 */
export function rowGroupColumns(
  schema: readonly SchemaElement[],
  group: FileMetaData['row_groups'][number],
  columns: readonly string[],
  bytes: Uint8Array,
  offset: number,
): ColumnPages[] {
  return columns.map(name => {
    const chunk = group.columns.find(column => column.meta_data?.path_in_schema.join('.') === name)?.meta_data;
    if (chunk === undefined) throw new Error(`the row group has no column "${name}"`);
    const begin = Number(chunk.dictionary_page_offset ?? chunk.data_page_offset) - offset;
    const end = begin + Number(chunk.total_compressed_size);
    if (!(begin >= 0 && end <= bytes.byteLength))
      throw new Error(`column "${name}" lies outside the row group's bytes`);
    const schemaPath = getSchemaPath(schema as SchemaElement[], chunk.path_in_schema);
    const decoder: ColumnDecoder = {
      pathInSchema: chunk.path_in_schema,
      element: schemaPath[schemaPath.length - 1]!.element,
      schemaPath,
      type: chunk.type,
      codec: chunk.codec,
      parsers: DEFAULT_PARSERS,
      compressors: guardedCompressors,
    };
    return new ColumnPages(decoder, bytes.subarray(begin, end));
  });
}
