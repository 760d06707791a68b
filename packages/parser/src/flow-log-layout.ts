import { findFlowLogField, unknownFieldKey, type FlowLogFieldDefinition } from './flow-log-fields';
import type { FlowLogFormat } from './parse-format';

/** A field list resolved against the catalogue, ready to decode records. */
export interface FlowLogLayout {
  readonly fields: readonly FlowLogFieldDefinition[];
  /** Per position, for the hot path: type code (see `typeCodes`), maximum and record key. */
  readonly types: Uint8Array;
  readonly maxima: Float64Array;
  readonly keys: readonly string[];
  /** For a layout guessed from the field count: which published layout, for messages. */
  readonly guessedAs: string | undefined;
  /** How many of the fields this release does not know (type code `unknown`). */
  readonly unknownCount: number;
  /** The position of `log-status`, or -1. */
  readonly statusField: number;
  /** The record keys of the known fields (a mapping's `listed`). */
  readonly listed: ReadonlySet<string>;
  /** Per position, for a guessed layout's string fields: the prefix or words a value must match (encoded). */
  readonly shapes: readonly (readonly ShapeWord[] | undefined)[];
}

interface ShapeWord {
  readonly bytes: Uint8Array;
  /** The whole value (a word), or only its start (an id prefix). */
  readonly exact: boolean;
}

const encoder = new TextEncoder();

/** Type codes of the hot path; `unknown`: a field this release does not know, kept as text. */
export const typeCodes = {
  integer: 0,
  timestamp: 0,
  address: 1,
  action: 2,
  status: 3,
  account: 4,
  string: 5,
  unknown: 6,
} as const;

/**
 * Builds a layout from a format checked by `parseFormat`, or read from a
 * header, which may name fields this release does not know (see
 * `unknownFieldKey`).
 */
export function createLayout(format: FlowLogFormat, guessedAs?: string): FlowLogLayout {
  const unknown = new Set<FlowLogFieldDefinition>();
  const fields = format.map(name => {
    const definition = findFlowLogField(name);
    if (definition !== undefined) return definition;
    const key = unknownFieldKey(name);
    if (key === undefined)
      throw new TypeError(`"${name}" cannot be a flow-log field; pass formats through parseFormat().`);
    const placeholder: FlowLogFieldDefinition = {
      name,
      key,
      version: 0,
      type: 'string',
      maximum: undefined,
      shape: undefined,
    };
    unknown.add(placeholder);
    return placeholder;
  });
  return Object.freeze({
    fields,
    types: Uint8Array.from(fields, definition =>
      unknown.has(definition) ? typeCodes.unknown : typeCodes[definition.type],
    ),
    maxima: Float64Array.from(fields, definition => definition.maximum ?? 0),
    keys: fields.map(definition => definition.key),
    guessedAs,
    unknownCount: unknown.size,
    statusField: fields.findIndex(definition => definition.type === 'status'),
    listed: new Set(fields.filter(definition => !unknown.has(definition)).map(definition => definition.key)),
    shapes: fields.map(definition => {
      const shape = definition.shape;
      if (guessedAs === undefined || shape === undefined || definition.type !== 'string') return undefined;
      return 'prefix' in shape
        ? [{ bytes: encoder.encode(shape.prefix), exact: false }]
        : shape.oneOf.map(word => ({ bytes: encoder.encode(word), exact: true }));
    }),
  });
}

const V2 =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V5 = `${V2} vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path`;
const V7 = `${V5} ecs-cluster-arn ecs-cluster-name ecs-container-instance-arn ecs-container-instance-id ecs-container-id ecs-second-container-id ecs-service-name ecs-task-definition-arn ecs-task-arn ecs-task-id`;

/**
 * The layouts recognised by field count when no format is known: AWS's
 * default formats, and the custom layouts of AWS's documented examples.
 */
export const publishedLayouts: readonly { readonly description: string; readonly format: string }[] = [
  { description: 'the default VPC format (version 2, 14 fields)', format: V2 },
  { description: 'all version 2–5 fields in AWS table order (29 fields)', format: V5 },
  {
    description: 'the Transit Gateway default format (36 fields)',
    format:
      'version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service',
  },
  { description: 'version 2–5 fields plus the version 7 ECS fields (39 fields)', format: V7 },
  { description: 'version 2–5 and 7 fields plus reject-reason (40 fields)', format: `${V7} reject-reason` },
  {
    description: 'the AWS NAT gateway example format (6 fields)',
    format: 'instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr',
  },
  {
    description: 'the AWS transit gateway example format (17 fields)',
    format:
      'version interface-id account-id vpc-id subnet-id instance-id srcaddr dstaddr srcport dstport protocol tcp-flags type pkt-srcaddr pkt-dstaddr action log-status',
  },
  {
    description: 'the AWS TCP flag sequence example format (21 fields)',
    format:
      'version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status',
  },
];

const layoutsByCount: ReadonlyMap<number, FlowLogLayout> = new Map(
  publishedLayouts.map(({ description, format }) => [
    format.split(' ').length,
    createLayout(format.split(' '), description),
  ]),
);

/** The published layout with this many fields, if any. */
export function guessLayout(fieldCount: number): FlowLogLayout | undefined {
  return layoutsByCount.get(fieldCount);
}

/** The field counts auto-detection knows, for error messages. */
export const guessableFieldCounts: readonly number[] = [...layoutsByCount.keys()].toSorted(
  (left, right) => left - right,
);
