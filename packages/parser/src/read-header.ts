import { decodeRange } from './byte-tokens';
import { findFlowLogField, unknownFieldKey } from './flow-log-fields';
import { FlowLogParseError } from './flow-log-parse-error';
import type { FlowLogFormat } from './parse-format';
import { MAX_TOKENS, NON_ASCII, type RecordScanner } from './record-scanner';

/** A header line's field names, and those this release does not know (AWS added them later). */
export interface HeaderLine {
  readonly kind: 'header';
  readonly format: FlowLogFormat;
  readonly unknownFields: readonly string[];
}

/**
 * A line whose tokens (split by `scanner`) are all field names is a header
 * (S3 files start with one). Names this release does not know are accepted
 * (AWS adds fields with new versions; see `unknownFieldKey`). A line that
 * starts with a field name and is mostly names, but holds tokens that cannot
 * be names, is a broken header: an error, rather than a data line that would
 * fail obscurely. Undefined: not a header.
 */
export function readHeader(
  scanner: RecordScanner,
  bytes: Uint8Array,
  text: () => string,
  count: number,
): HeaderLine | FlowLogParseError | undefined {
  const ascii = (scanner.flags & NON_ASCII) === 0;
  const tokenAt = (index: number) => decodeRange(bytes, scanner.starts[index]!, scanner.ends[index]!, ascii);
  if (count > MAX_TOKENS || findFlowLogField(tokenAt(0)) === undefined) return undefined;
  const names: string[] = [];
  const unknown: string[] = [];
  const broken: string[] = [];
  const seen = new Set<string>();
  for (let index = 0; index < count; index++) {
    const token = tokenAt(index);
    const definition = findFlowLogField(token);
    const key = definition?.key ?? unknownFieldKey(token);
    if (key === undefined) {
      broken.push(token);
      continue;
    }
    const name = definition?.name ?? token;
    if (seen.has(key)) {
      return new FlowLogParseError('invalid-header', `The header line names the field "${name}" twice.`, {
        field: name,
        value: token,
        raw: text(),
      });
    }
    seen.add(key);
    names.push(name);
    if (definition === undefined) unknown.push(token);
  }
  if (broken.length === 0)
    return { kind: 'header', format: Object.freeze(names), unknownFields: Object.freeze(unknown) };
  if (broken.length * 2 <= count) {
    return new FlowLogParseError(
      'invalid-header',
      `The header line holds tokens that cannot be field names: ${broken.map(name => `"${name}"`).join(', ')}.`,
      { field: broken[0], value: broken[0], raw: text() },
    );
  }
  return undefined;
}
