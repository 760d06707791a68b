import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, test } from 'vitest';
import { createParser } from '../create-parser';
import { FilterSyntaxError } from './filter-tokens';
import { parseFilter } from './parse-filter';

// Random filters against random records, decided by the parser (text lines
// and JSON objects) and by a reference evaluator written from the issue's
// rules with ipaddr.js doing the address arithmetic.

const pools = {
  'account-id': ['123456789012', '000000000007', 'unknown'],
  'interface-id': ['eni-1235b8ca123456789', 'eni-0aa'],
  srcaddr: [
    '10.0.0.1',
    '10.255.1.2',
    '192.168.1.1',
    '52.95.128.179',
    '2001:db8::1',
    '2001:db8::5',
    '::ffff:10.0.0.1',
    'fe80::1',
  ],
  dstport: [0, 22, 443, 3389, 65535],
  protocol: [1, 6, 17],
  bytes: [0, 40, 1500, 9007199254740991],
  start: [1418530010, 1700000000],
  action: ['ACCEPT', 'REJECT'],
  'log-status': ['OK', 'NODATA', 'SKIPDATA'],
} as const;
pools satisfies Record<string, readonly (string | number)[]>;
type Field = keyof typeof pools;
const fields = Object.keys(pools) as Field[];
const addressFields = ['srcaddr', 'dstaddr'] as const;
const numberFields = ['dstport', 'protocol', 'bytes', 'start'] as const;
const layout = ['version', ...fields, 'dstaddr'];
const poolOf = (field: string) => (field === 'dstaddr' ? pools.srcaddr : pools[field as Field]);
const ranges = [
  '10.0.0.0/8',
  '10.0.0.1',
  '0.0.0.0/0',
  '2001:db8::/32',
  '::/0',
  '192.168.0.0/16',
  '::ffff:0:0/96',
  '52.95.128.179/32',
  'fe80::/10',
];

type Condition =
  | { kind: 'compare'; field: string; operator: string; value: string | number }
  | { kind: 'in'; field: string; values: (string | number)[] };
type Node = Condition | { kind: 'and' | 'or'; left: Node; right: Node } | { kind: 'not'; operand: Node };

const condition: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    kind: fc.constant('compare' as const),
    field: fc.constantFrom(...numberFields),
    operator: fc.constantFrom('==', '!=', '<', '<=', '>', '>='),
    value: fc.integer({ min: 0, max: 70000 }),
  }),
  fc.constantFrom(...fields, 'dstaddr').chain(field =>
    fc.oneof(
      fc.record({
        kind: fc.constant('compare' as const),
        field: fc.constant(field),
        operator: fc.constantFrom('==', '!='),
        value: fc.constantFrom(...poolOf(field)),
      }),
      fc.record({
        kind: fc.constant('in' as const),
        field: fc.constant(field),
        values: fc.array(fc.constantFrom(...(addressFields.includes(field as 'srcaddr') ? ranges : poolOf(field))), {
          minLength: 1,
          maxLength: 4,
        }),
      }),
    ),
  ),
);
const { expression } = fc.letrec<{ expression: Node }>(tie => ({
  expression: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.record({
      kind: fc.constantFrom('and' as const, 'or' as const),
      left: tie('expression'),
      right: tie('expression'),
    }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('expression') }),
  ),
}));

const quoted = (value: string | number) => (typeof value === 'number' ? String(value) : JSON.stringify(value));
const precedence = { or: 1, and: 2, not: 3, compare: 4, in: 4 };
/** The expression's text, with parentheses only where precedence needs them (or, when `all`, everywhere). */
function render(node: Node, needed: number, all: boolean): string {
  let text: string;
  if (node.kind === 'compare') text = `${node.field} ${node.operator} ${quoted(node.value)}`;
  else if (node.kind === 'in') text = `${node.field} in [${node.values.map(quoted).join(', ')}]`;
  else if (node.kind === 'not') text = `not ${render(node.operand, 3, all)}`;
  else
    text = `${render(node.left, precedence[node.kind], all)} ${node.kind} ${render(node.right, precedence[node.kind], all)}`;
  return (all && node.kind !== 'compare' && node.kind !== 'in') || precedence[node.kind] < needed ? `(${text})` : text;
}

function inRange(address: string, range: string): boolean {
  const parsed = ipaddr.parse(address);
  const [network, bits] = range.includes('/')
    ? ipaddr.parseCIDR(range)
    : [ipaddr.parse(range), address.includes(':') ? 128 : 32];
  return parsed.kind() === network.kind() && parsed.match(network, bits);
}
function reference(node: Node, record: Record<string, string | number>): boolean {
  switch (node.kind) {
    case 'and':
      return reference(node.left, record) && reference(node.right, record);
    case 'or':
      return reference(node.left, record) || reference(node.right, record);
    case 'not':
      return !reference(node.operand, record);
    default: {
      const value = record[node.field];
      if (value === undefined) return false;
      const address = addressFields.includes(node.field as 'srcaddr');
      const equal = (wanted: string | number) =>
        address ? inRange(value as string, wanted as string) : value === wanted;
      if (node.kind === 'in') return node.values.some(equal);
      if (node.operator === '==') return equal(node.value);
      if (node.operator === '!=') return !equal(node.value);
      const [left, right] = [value as number, node.value as number];
      return node.operator === '<'
        ? left < right
        : node.operator === '<='
          ? left <= right
          : node.operator === '>'
            ? left > right
            : left >= right;
    }
  }
}

const record = fc.record(
  Object.fromEntries(
    layout.slice(1).map(field => [field, fc.option(fc.constantFrom(...poolOf(field)), { nil: undefined })]),
  ),
) as fc.Arbitrary<Record<string, string | number | undefined>>;
const present = (values: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Record<
    string,
    string | number
  >;

describe('filters (property): the parser decides as a reference evaluator does', () => {
  test('text lines and JSON objects, any expression, with and without parentheses', () => {
    fc.assert(
      fc.property(expression, fc.boolean(), fc.array(record, { minLength: 1, maxLength: 8 }), (tree, all, records) => {
        const filter = parseFilter(render(tree, 0, all));
        const text = createParser({ format: layout, filter });
        const json = createParser({ filter });
        for (const values of records) {
          const expected = reference(tree, present(values)) ? 'event' : 'filtered';
          const line = ['5', ...layout.slice(1).map(field => String(values[field] ?? '-'))].join(' ');
          expect(text.parse(line).kind, line).toBe(expected);
          const object = {
            version: 5,
            ...Object.fromEntries(
              Object.entries(present(values)).map(([key, value]) => [key.replaceAll('-', '_'), value]),
            ),
          };
          expect(json.parse(JSON.stringify(object)).kind).toBe(expected);
        }
      }),
      { numRuns: 1500 },
    );
  });

  test('hostile expressions are refused with a clear error and a stable code, quickly', () => {
    const hostile = fc.oneof(
      fc.integer({ min: 65, max: 5000 }).map(depth => `${'('.repeat(depth)}action == "ACCEPT"${')'.repeat(depth)}`),
      fc.integer({ min: 65, max: 5000 }).map(depth => `${'not '.repeat(depth)}action == "ACCEPT"`),
      fc
        .integer({ min: 10_001, max: 20_000 })
        .map(size => `dstport in [${Array.from({ length: size }, (_, index) => index % 65536).join(',')}]`),
      fc
        .constantFrom(
          '10.0.0.0/33',
          '10.0.0.0/-1',
          '10.0.0.0/',
          '10.0.0/8',
          '010.0.0.0/8',
          '::/129',
          'fe80::1%eth0',
          '1.2.3.4/8/8',
          '0x0a.0.0.0/8',
          '10.0.0.0/08x',
        )
        .map(range => `srcaddr in [${range}]`),
      fc.constantFrom(
        '__proto__ == 1',
        'constructor == "x"',
        'toString in [1]',
        'srcaddr == "\u202e1.2.3.4"',
        'action == "\u0000"',
        'dstport == 1e3',
        'dstport == -1',
        'dstport == 99999999999999999',
      ),
      fc.string({ maxLength: 200 }),
      fc.integer({ min: 65_537, max: 100_000 }).map(length => `action == "${'A'.repeat(length)}"`),
    );
    fc.assert(
      fc.property(hostile, text => {
        try {
          parseFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(FilterSyntaxError);
          expect((error as FilterSyntaxError).code).toBe('invalid-filter');
          expect((error as FilterSyntaxError).at).toBeGreaterThanOrEqual(0);
          return;
        }
        // Only random strings may happen to be valid filters.
        expect(text.length).toBeLessThanOrEqual(200);
      }),
      { numRuns: 500 },
    );
  });
});
