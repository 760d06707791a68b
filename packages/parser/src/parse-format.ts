import { findFlowLogField, nearestFlowLogField } from './flow-log-fields';
import { FlowLogParseError } from './flow-log-parse-error';

/** A list of field names in dashed form, in record order. */
export type FlowLogFormat = readonly string[];

/**
 * Turns a format specification into a field list. It accepts what users copy
 * from AWS: the LogFormat string (`${version} ${account-id} …`), plain dashed
 * names (a file header), underscore names (`log_status`), separated by spaces
 * or commas, or an array of such names. Throws `invalid-format` for an unknown
 * or repeated field or an empty specification.
 */
export function parseFormat(specification: string | readonly string[]): FlowLogFormat {
  if (typeof specification !== 'string') {
    if (!Array.isArray(specification))
      throw new TypeError(`format must be a string or an array of field names, not ${describeValue(specification)}.`);
    const index = specification.findIndex(name => typeof name !== 'string');
    if (index !== -1)
      throw new TypeError(
        `format[${index}] must be a field name (a string), not ${describeValue(specification[index])}.`,
      );
  }
  const raw = typeof specification === 'string' ? specification : specification.join(' ');
  const tokens =
    typeof specification === 'string' ? splitSpecification(specification) : specification.flatMap(splitSpecification);
  if (tokens.length === 0) {
    throw new FlowLogParseError(
      'invalid-format',
      'The format is empty: give at least one field name, e.g. "${version} ${account-id} ...".',
      { raw },
    );
  }
  const names: string[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const name = stripPlaceholder(token);
    const definition = findFlowLogField(name);
    if (definition === undefined) {
      // A typo in an explicit format must be loud: no unknown fields here.
      const nearest = nearestFlowLogField(name);
      const hint = nearest === undefined ? '' : ` Did you mean "${nearest}"?`;
      throw new FlowLogParseError('invalid-format', `The format names an unknown field "${token}".${hint}`, {
        raw,
        field: token,
        value: token,
      });
    }
    if (seen.has(definition.name)) {
      throw new FlowLogParseError('invalid-format', `The format names the field "${definition.name}" twice.`, {
        raw,
        field: definition.name,
        value: token,
      });
    }
    seen.add(definition.name);
    names.push(definition.name);
  }
  return Object.freeze(names);
}

function splitSpecification(text: string): string[] {
  const tokens: string[] = [];
  let start = -1;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const separator = code === 32 || code === 44 || (code >= 9 && code <= 13);
    if (separator) {
      if (start >= 0) tokens.push(text.slice(start, index));
      start = -1;
    } else if (start < 0) {
      start = index;
    }
  }
  return tokens;
}

// `${log-status}` as in a LogFormat, or `$${log-status}` as Terraform users escape it.
function stripPlaceholder(token: string): string {
  let text = token;
  while (text.startsWith('$')) text = text.slice(1);
  if (text.startsWith('{') && text.endsWith('}')) return text.slice(1, -1);
  return token;
}

/** A value as an option error names it: its type, and short values themselves. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object' || typeof value === 'function')
    return `a ${typeof value === 'function' ? 'function' : (value.constructor?.name ?? 'object')}`;
  return `${typeof value} ${String(value)}`;
}
