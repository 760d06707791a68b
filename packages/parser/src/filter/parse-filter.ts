import ipaddr from 'ipaddr.js';
import type { Cidr } from '../flow-address';
import { fieldWords, findFlowLogField, nearestFlowLogField, type FlowLogFieldDefinition } from '../flow-log-fields';
import { FilterSyntaxError, tokenize, type FilterToken } from './filter-tokens';

/** A parsed filter's tree: a condition on a record's field, or the ways to combine them. */
export type FilterNode =
  | { readonly kind: 'and' | 'or'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly kind: 'not'; readonly operand: FilterNode }
  | {
      readonly kind: 'compare';
      readonly key: string;
      readonly operator: '==' | '!=' | '<' | '<=' | '>' | '>=';
      readonly value: number | string;
    }
  | { readonly kind: 'in'; readonly key: string; readonly values: ReadonlySet<number | string> }
  /** An address field in any of `ranges`; `negated`: present and in none (`!=` on an address). */
  | {
      readonly kind: 'in-cidr';
      readonly key: string;
      readonly ranges: readonly AddressRange[];
      readonly negated: boolean;
    };

/** A CIDR range of one family (`10.0.0.0/8`; one address is its own /32 or /128). */
export interface AddressRange {
  readonly family: 'ipv4' | 'ipv6';
  readonly cidr: Cidr;
}

/** A filter expression, parsed once (`parseFilter`): give it as the `filter` option. */
export interface FlowLogFilter {
  /** The expression as given. */
  readonly expression: string;
  readonly tree: FilterNode;
  /** The record keys its conditions read (a text record decodes only these). */
  readonly keys: readonly string[];
}

/** The deepest nesting of parentheses and `not` read (a person's filter needs a handful). */
const MAX_FILTER_DEPTH = 64;
/** The longest `in [...]` list read. */
const MAX_FILTER_LIST = 10_000;

/**
 * Parses a filter expression once: conditions on flow-log fields by their
 * AWS names, combined with `and`, `or`, `not` and parentheses. Never
 * evaluated as JavaScript. Throws `FilterSyntaxError` naming what is wrong
 * and where: an unknown field (with the nearest name), a comparison that can
 * never hold (a word with a number field), too deep or too long.
 */
export function parseFilter(expression: string): FlowLogFilter {
  const tokens = tokenize(expression);
  const keys = new Set<string>();
  let position = 0;
  const peek = (): FilterToken => tokens[position]!;
  const next = (): FilterToken => tokens[position++]!;
  const isWord = (word: string) => peek().kind === 'word' && peek().text.toLowerCase() === word;

  function disjunction(depth: number): FilterNode {
    if (depth > MAX_FILTER_DEPTH)
      throw new FilterSyntaxError(`The filter nests more than ${MAX_FILTER_DEPTH} levels deep.`, peek().at);
    let left = conjunction(depth);
    while (isWord('or')) {
      next();
      left = { kind: 'or', left, right: conjunction(depth) };
    }
    return left;
  }

  function conjunction(depth: number): FilterNode {
    let left = negation(depth);
    while (isWord('and')) {
      next();
      left = { kind: 'and', left, right: negation(depth) };
    }
    return left;
  }

  function negation(depth: number): FilterNode {
    if (isWord('not')) {
      next();
      if (depth + 1 > MAX_FILTER_DEPTH)
        throw new FilterSyntaxError(`The filter nests more than ${MAX_FILTER_DEPTH} levels deep.`, peek().at);
      return { kind: 'not', operand: negation(depth + 1) };
    }
    const token = peek();
    if (token.kind === 'punct' && token.text === '(') {
      next();
      const inner = disjunction(depth + 1);
      expect(')');
      return inner;
    }
    return condition();
  }

  function expect(text: string): void {
    const token = next();
    if (token.text !== text || (token.kind !== 'punct' && token.kind !== 'word'))
      throw new FilterSyntaxError(`Expected "${text}" but found ${describe(token)}.`, token.at);
  }

  function condition(): FilterNode {
    const token = next();
    if (token.kind !== 'word')
      throw new FilterSyntaxError(`Expected a field name but found ${describe(token)}.`, token.at);
    const field = findFlowLogField(token.text);
    if (field === undefined) {
      const nearest = nearestFlowLogField(token.text);
      throw new FilterSyntaxError(
        `"${token.text}" is not a flow-log field.${nearest === undefined ? '' : ` Did you mean "${nearest}"?`}`,
        token.at,
      );
    }
    keys.add(field.key);
    if (isWord('in')) {
      next();
      return membership(field);
    }
    const operator = next();
    if (operator.kind !== 'operator')
      throw new FilterSyntaxError(
        `Expected an operator or "in" after "${field.name}", found ${describe(operator)}.`,
        operator.at,
      );
    const equality = operator.text === '==' || operator.text === '!=';
    if (!equality && field.type !== 'integer' && field.type !== 'timestamp')
      throw new FilterSyntaxError(`"${field.name}" is not a number: only ==, != and in apply to it.`, operator.at);
    if (field.type === 'address')
      return { kind: 'in-cidr', key: field.key, ranges: [rangeOf(field, next())], negated: operator.text === '!=' };
    return { kind: 'compare', key: field.key, operator: operator.text, value: valueFor(field, next()) };
  }

  function membership(field: FlowLogFieldDefinition): FilterNode {
    const items: FilterToken[] = [];
    const open = peek();
    if (open.kind === 'punct' && open.text === '[') {
      next();
      while (!(peek().kind === 'punct' && peek().text === ']')) {
        if (items.length >= MAX_FILTER_LIST)
          throw new FilterSyntaxError(`An "in" list holds at most ${MAX_FILTER_LIST} values.`, peek().at);
        items.push(next());
        if (peek().kind === 'punct' && peek().text === ',') next();
        else if (!(peek().kind === 'punct' && peek().text === ']'))
          throw new FilterSyntaxError(`Expected "," or "]" but found ${describe(peek())}.`, peek().at);
      }
      next();
    } else items.push(next());
    if (field.type === 'address')
      return { kind: 'in-cidr', key: field.key, ranges: items.map(item => rangeOf(field, item)), negated: false };
    return { kind: 'in', key: field.key, values: new Set(items.map(item => valueFor(field, item))) };
  }

  const tree = disjunction(0);
  if (peek().kind !== 'end') throw new FilterSyntaxError(`Unexpected ${describe(peek())}.`, peek().at);
  return Object.freeze({ expression, tree, keys: [...keys] });
}

const describe = (token: FilterToken) => (token.kind === 'end' ? 'the end' : `"${token.text}"`);

/** A value compared with `field`: a number for integer and timestamp fields, a word for the rest. */
function valueFor(field: FlowLogFieldDefinition, token: FilterToken): number | string {
  if (token.kind !== 'word' && token.kind !== 'string')
    throw new FilterSyntaxError(`Expected a value for "${field.name}" but found ${describe(token)}.`, token.at);
  if (field.type === 'integer' || field.type === 'timestamp') {
    const number = token.kind === 'word' && isDigits(token.text) ? Number(token.text) : Number.NaN;
    if (!Number.isSafeInteger(number))
      throw new FilterSyntaxError(`"${field.name}" is a number, so ${describe(token)} can never match it.`, token.at);
    return number;
  }
  const words: readonly string[] | undefined =
    field.type === 'action' || field.type === 'status' ? fieldWords[field.type] : undefined;
  if (words !== undefined && !words.includes(token.text))
    throw new FilterSyntaxError(
      `"${field.name}" is one of ${words.join(', ')}, so ${describe(token)} can never match it.`,
      token.at,
    );
  return token.text;
}

const isDigits = (text: string) =>
  text.length > 0 && text.length <= 16 && [...text].every(digit => digit >= '0' && digit <= '9');

/** An address or CIDR range, read by ipaddr.js: dotted quads of four decimal parts, IPv6 without a zone. */
function rangeOf(field: FlowLogFieldDefinition, token: FilterToken): AddressRange {
  const [address, prefix = ''] = token.text.split('/', 2) as [string, string?];
  const family = ipaddr.IPv4.isValidFourPartDecimal(address)
    ? 'ipv4'
    : !address.includes('%') && ipaddr.IPv6.isValid(address)
      ? 'ipv6'
      : undefined;
  const bits = family === 'ipv4' ? 32 : 128;
  const length = token.text.includes('/') ? (isDigits(prefix) && prefix.length <= 3 ? Number(prefix) : -1) : bits;
  if ((token.kind !== 'word' && token.kind !== 'string') || family === undefined || length < 0 || length > bits)
    throw new FilterSyntaxError(
      `${describe(token)} is not an IP address or CIDR range ("${field.name}" holds addresses).`,
      token.at,
    );
  return { family, cidr: [ipaddr.parse(address).toByteArray(), length] };
}
