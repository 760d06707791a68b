/**
 * Every field AWS can write in a VPC (v2–v11) or Transit Gateway (v6) flow-log
 * record. This table is the single place that knows the fields: names,
 * spellings, versions and value types all come from here.
 */

/** How a field's text is checked and what type its value takes in a record. */
export type FlowLogFieldType =
  /** A canonical non-negative decimal integer, at most `maximum`. */
  | 'integer'
  /** Epoch seconds (or milliseconds above 10^11), a canonical integer. */
  | 'timestamp'
  /** An IPv4 or IPv6 address as AWS writes it. */
  | 'address'
  /** An AWS account id: digits (leading zeros kept) or the word `unknown`. */
  | 'account'
  /** `ACCEPT` or `REJECT`. */
  | 'action'
  /** `OK`, `NODATA` or `SKIPDATA`. */
  | 'status'
  /** Free text. */
  | 'string';

export interface FlowLogFieldDefinition {
  /** The name as AWS writes it in a LogFormat and a file header: `log-status`. */
  readonly name: string;
  /** The key in records and JSON objects: `log_status`. */
  readonly key: string;
  /** The flow-log version that introduced the field (6: Transit Gateway only). */
  readonly version: number;
  readonly type: FlowLogFieldType;
  /** Upper bound of an `integer` or `timestamp` field. */
  readonly maximum: number | undefined;
  /**
   * What a value must look like for auto-detection to trust a layout: an id
   * prefix or the list of documented words. Never applied to an explicit format.
   */
  readonly shape: { readonly prefix: string } | { readonly oneOf: readonly string[] } | undefined;
}

/**
 * The words of `action` and `log-status` fields: the one place they are
 * spelled. Scanners code a word as its index + 1; mappings lower-case them.
 */
export const fieldWords = {
  action: ['ACCEPT', 'REJECT'],
  status: ['OK', 'NODATA', 'SKIPDATA'],
} as const satisfies Partial<Record<FlowLogFieldType, readonly string[]>>;

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** 9999-12-31T23:59:59.999Z in epoch milliseconds: the last date ISO 8601's basic form can write. */
const MAX_TIMESTAMP = 253_402_300_799_999;

/** A field name's record key: dashes as underscores (`log-status` → `log_status`). */
type KeyOf<Name extends string> = Name extends `${infer Head}-${infer Tail}` ? `${Head}_${KeyOf<Tail>}` : Name;

/** A definition as the catalogue types it: name, type, maximum and words kept as literals (profiles type their input from them). */
interface CatalogueField<
  Name extends string,
  Type extends FlowLogFieldType,
  Extra extends FieldExtra,
> extends FlowLogFieldDefinition {
  readonly name: Name;
  readonly key: KeyOf<Name>;
  readonly type: Type;
  readonly maximum: Extra extends { readonly maximum: infer Maximum } ? Maximum : number | undefined;
  readonly shape: Extra extends { readonly shape: infer Shape } ? Shape : undefined;
}

type FieldExtra = Partial<Pick<FlowLogFieldDefinition, 'maximum' | 'shape'>>;

function field<const Name extends string, const Type extends FlowLogFieldType, const Extra extends FieldExtra = {}>(
  name: Name,
  version: number,
  type: Type,
  extra: Extra = {} as Extra,
): CatalogueField<Name, Type, Extra> {
  const maximum = type === 'timestamp' ? MAX_TIMESTAMP : type === 'integer' ? (extra.maximum ?? MAX_SAFE) : undefined;
  const key = name.replaceAll('-', '_') as KeyOf<Name>;
  // Every definition has the same properties, in the same order: one hidden
  // class, so the hot path's property reads stay monomorphic.
  return Object.freeze({ name, key, version, type, maximum, shape: extra.shape }) as CatalogueField<Name, Type, Extra>;
}

const prefix = <const Prefix extends string>(value: Prefix) => ({ shape: { prefix: value } });
const oneOf = <const Words extends readonly string[]>(...values: Words) => ({ shape: { oneOf: values } });

/** The catalogue, in AWS's table order: VPC v2–v11, then the Transit Gateway fields. */
const catalogue = Object.freeze([
  field('version', 2, 'integer', { maximum: 255 }),
  field('account-id', 2, 'account'),
  field('interface-id', 2, 'string', prefix('eni-')),
  field('srcaddr', 2, 'address'),
  field('dstaddr', 2, 'address'),
  field('srcport', 2, 'integer', { maximum: 65535 }),
  field('dstport', 2, 'integer', { maximum: 65535 }),
  field('protocol', 2, 'integer', { maximum: 255 }),
  field('packets', 2, 'integer'),
  field('bytes', 2, 'integer'),
  field('start', 2, 'timestamp'),
  field('end', 2, 'timestamp'),
  field('action', 2, 'action'),
  field('log-status', 2, 'status'),
  field('vpc-id', 3, 'string', prefix('vpc-')),
  field('subnet-id', 3, 'string', prefix('subnet-')),
  field('instance-id', 3, 'string', prefix('i-')),
  field('tcp-flags', 3, 'integer', { maximum: 65535 }),
  field('type', 3, 'string', oneOf('IPv4', 'IPv6', 'EFA')),
  field('pkt-srcaddr', 3, 'address'),
  field('pkt-dstaddr', 3, 'address'),
  field('region', 4, 'string'),
  field('az-id', 4, 'string'),
  field('sublocation-type', 4, 'string', oneOf('wavelength', 'outpost', 'localzone')),
  field('sublocation-id', 4, 'string'),
  field('pkt-src-aws-service', 5, 'string'),
  field('pkt-dst-aws-service', 5, 'string'),
  field('flow-direction', 5, 'string', oneOf('ingress', 'egress')),
  field('traffic-path', 5, 'integer', { maximum: 255 }),
  field('ecs-cluster-arn', 7, 'string', prefix('arn:')),
  field('ecs-cluster-name', 7, 'string'),
  field('ecs-container-instance-arn', 7, 'string', prefix('arn:')),
  field('ecs-container-instance-id', 7, 'string'),
  field('ecs-container-id', 7, 'string'),
  field('ecs-second-container-id', 7, 'string'),
  field('ecs-service-name', 7, 'string'),
  field('ecs-task-definition-arn', 7, 'string', prefix('arn:')),
  field('ecs-task-arn', 7, 'string', prefix('arn:')),
  field('ecs-task-id', 7, 'string'),
  field('reject-reason', 8, 'string'),
  field('resource-id', 9, 'string'),
  field('encryption-status', 10, 'integer', { maximum: 255 }),
  field('instance-tag', 11, 'string'),
  field('instance-tag-2', 11, 'string'),
  field('interface-tag', 11, 'string'),
  field('interface-tag-2', 11, 'string'),
  field('asg-tag', 11, 'string'),
  field('asg-tag-2', 11, 'string'),
  field('interface-type', 11, 'string'),
  field('next-hop-interface-id', 11, 'string', prefix('eni-')),
  field('next-hop-subnet-id', 11, 'string', prefix('subnet-')),
  field('next-hop-az-id', 11, 'string'),
  field('next-hop-vpc-id', 11, 'string', prefix('vpc-')),
  field('next-hop-interface-type', 11, 'string'),
  // Transit Gateway flow logs (version 6).
  field('resource-type', 6, 'string', oneOf('TransitGateway', 'TransitGatewayAttachment')),
  field('tgw-id', 6, 'string', prefix('tgw-')),
  field('tgw-attachment-id', 6, 'string', prefix('tgw-attach-')),
  field('tgw-src-vpc-account-id', 6, 'account'),
  field('tgw-dst-vpc-account-id', 6, 'account'),
  field('tgw-src-vpc-id', 6, 'string', prefix('vpc-')),
  field('tgw-dst-vpc-id', 6, 'string', prefix('vpc-')),
  field('tgw-src-subnet-id', 6, 'string', prefix('subnet-')),
  field('tgw-dst-subnet-id', 6, 'string', prefix('subnet-')),
  field('tgw-src-eni', 6, 'string', prefix('eni-')),
  field('tgw-dst-eni', 6, 'string', prefix('eni-')),
  field('tgw-src-az-id', 6, 'string'),
  field('tgw-dst-az-id', 6, 'string'),
  field('tgw-pair-attachment-id', 6, 'string', prefix('tgw-attach-')),
  field('packets-lost-no-route', 6, 'integer'),
  field('packets-lost-blackhole', 6, 'integer'),
  field('packets-lost-mtu-exceeded', 6, 'integer'),
  field('packets-lost-ttl-expired', 6, 'integer'),
]);
export const flowLogFields: readonly FlowLogFieldDefinition[] = catalogue;

/** One field of the catalogue, with its literal types. */
export type CatalogueEntry = (typeof catalogue)[number];
/** Every record key the catalogue knows (`log_status`). */
export type FlowLogFieldKey = CatalogueEntry['key'];

// A Map, not an object: names come from untrusted input (headers, JSON keys),
// so `__proto__` or `constructor` must find nothing.
const byName: Map<string, FlowLogFieldDefinition> = new Map();
for (const definition of flowLogFields) {
  byName.set(definition.name, definition);
  byName.set(definition.key, definition);
}

/** The field named `name` in dashed (`log-status`) or underscore (`log_status`) form. */
export function findFlowLogField(name: string): FlowLogFieldDefinition | undefined {
  return byName.get(name);
}

/** Longest name accepted for a field this release does not know. */
const MAX_UNKNOWN_NAME = 64;

/**
 * The record key (dashes as underscores) for a field name the catalogue does
 * not know, such as one AWS added after this release; undefined when the
 * name is known, or cannot be a field name: lower-case letters, digits, `-`
 * and `_`, starting with a letter, at most 64 characters, and no name that
 * plain objects have (`constructor`).
 */
export function unknownFieldKey(name: string): string | undefined {
  if (name.length === 0 || name.length > MAX_UNKNOWN_NAME) return undefined;
  for (let index = 0; index < name.length; index++) {
    const code = name.charCodeAt(index);
    const letter = code >= 97 && code <= 122;
    if (!letter && (index === 0 || !((code >= 48 && code <= 57) || code === 45 || code === 95))) return undefined;
  }
  const key = name.replaceAll('-', '_');
  if (byName.has(name) || byName.has(key) || key in Object.prototype) return undefined;
  return key;
}

/** The known field name nearest to `name` (edit distance), if one is near enough to be a typo. */
export function nearestFlowLogField(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const definition of flowLogFields) {
    const distance = editDistance(name, definition.name);
    if (distance < bestDistance) {
      best = definition.name;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      current[column] = Math.min(previous[column]! + 1, current[column - 1]! + 1, previous[column - 1]! + cost);
    }
    previous = current;
  }
  return previous[right.length]!;
}
