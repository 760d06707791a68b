// Parquet fixtures, written by hyparquet-writer from AWS's documented schema
// (no AWS-written Parquet file could be obtained): INT32 for version, ports,
// protocol, tcp_flags and traffic_path; INT64 for packets, bytes, start and
// end; strings for the rest. Columns are named after the fields with
// underscores, as AWS names them.
import { gzipSync } from 'node:zlib';
import { parquetWriteBuffer } from 'hyparquet-writer';

const INT32 = new Set(['version', 'srcport', 'dstport', 'protocol', 'tcp_flags', 'traffic_path']);
const INT64 = new Set(['packets', 'bytes', 'start', 'end', 'packets_lost_no_route', 'packets_lost_blackhole', 'packets_lost_mtu_exceeded', 'packets_lost_ttl_expired']);

type ParquetType = 'INT32' | 'INT64' | 'STRING';

/** The documented type of a column. */
function documentedType(column: string): ParquetType {
  return INT32.has(column) ? 'INT32' : INT64.has(column) ? 'INT64' : 'STRING';
}

export interface ParquetFixtureOptions {
  /** Rows per row group (several groups exercise the group-by-group reading). */
  readonly rowGroupSize?: number;
  readonly codec?: 'GZIP' | 'SNAPPY' | 'UNCOMPRESSED';
  /** Column types other than the documented ones (v7+ and TGW types are not documented). */
  readonly types?: Readonly<Record<string, ParquetType>>;
  /** How `-` is written: as null (integer columns always) or, for strings, as the text `-`. */
  readonly dashAs?: 'null' | 'text';
  /** Bytes per page before compression (hyparquet-writer's default is 1 MiB). */
  readonly pageSize?: number;
}

/**
 * A Parquet file of text records with the given field names (dashed, as in
 * a header): each `-` becomes null (or `-` text in string columns).
 */
export function writeParquet(fields: readonly string[], records: readonly string[], options: ParquetFixtureOptions = {}): Uint8Array {
  const columns = fields.map(field => field.replaceAll('-', '_'));
  const rows = records.map(record => record.split(' ').filter(token => token !== ''));
  const columnData = columns.map((name, index) => {
    const type = options.types?.[name] ?? documentedType(name);
    const data = rows.map(tokens => {
      const token = tokens[index]!;
      if (token === '-') return type === 'STRING' && options.dashAs === 'text' ? '-' : null;
      return type === 'INT32' ? Number(token) : type === 'INT64' ? BigInt(token) : token;
    });
    return { name, data, type, nullable: true };
  });
  const codec = options.codec ?? 'GZIP';
  return new Uint8Array(
    parquetWriteBuffer({
      columnData,
      codec,
      compressors: { GZIP: (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes)) },
      ...(options.rowGroupSize === undefined ? {} : { rowGroupSize: options.rowGroupSize }),
      ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
    }),
  );
}
