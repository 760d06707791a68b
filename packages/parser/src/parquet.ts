/**
 * `@flowecs/parser/parquet`: a Parquet row of AWS's flow-log schema as the
 * text record AWS would write. Used by `@flowecs/stream`'s Parquet reader.
 */
export { formatParquetRow, parquetHeader, writeParquetRow } from './parquet-row';
