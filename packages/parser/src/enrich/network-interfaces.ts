/** A security group of an interface, as `describe-network-interfaces` lists it. */
export interface NetworkInterfaceGroup {
  readonly id: string;
  readonly name?: string;
}

/**
 * What enrichment knows of one network interface, from the JSON
 * `aws ec2 describe-network-interfaces` prints. Empty texts and lists are
 * left out. Frozen: one object is shared by every record of its interface.
 */
export interface NetworkInterface {
  readonly id: string;
  /** `Attachment.InstanceId`: the instance the interface is attached to. */
  readonly instanceId?: string;
  readonly vpcId?: string;
  readonly subnetId?: string;
  readonly availabilityZone?: string;
  /** `InterfaceType`: `interface`, `nat_gateway`, `lambda`, `vpc_endpoint`, … */
  readonly type?: string;
  readonly description?: string;
  /** `OwnerId`: the account that owns the interface. */
  readonly ownerId?: string;
  readonly securityGroups?: readonly NetworkInterfaceGroup[];
  /** `TagSet`, as an object of key → value with its keys sorted. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Interfaces by id (`eni-…`): the `enrich.interfaces` option. */
export type NetworkInterfaces = ReadonlyMap<string, NetworkInterface>;

/** The codes of `NetworkInterfacesError`, each with what it means. */
export const networkInterfacesErrorCodes = {
  'network-interfaces-invalid': 'The document is not the JSON aws ec2 describe-network-interfaces prints.',
  'network-interfaces-unreadable': 'The file cannot be read: missing, not a regular file, or no permission.',
} as const;

/** A describe-network-interfaces document that cannot be read; `message` names the document and what is wrong. */
export class NetworkInterfacesError extends Error {
  override readonly name = 'NetworkInterfacesError';
  constructor(
    /** The document's name (its file), as given. */
    readonly source: string,
    message: string,
    readonly code: keyof typeof networkInterfacesErrorCodes = 'network-interfaces-invalid',
    cause?: unknown,
  ) {
    super(`${source}: ${message}`, { cause });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the JSON `aws ec2 describe-network-interfaces` prints (an object
 * with `NetworkInterfaces`, or that list itself, as `--query
 * NetworkInterfaces` prints it) into `into`: each interface by its id. A
 * later document's interface replaces an earlier one of the same id.
 * Throws NetworkInterfacesError, naming `source` and what is wrong, for a
 * document that is not JSON or not that shape.
 */
export function readNetworkInterfaces(
  document: Uint8Array | string,
  source = 'network interfaces',
  into: Map<string, NetworkInterface> = new Map(),
): Map<string, NetworkInterface> {
  const fail = (message: string): never => {
    throw new NetworkInterfacesError(source, message);
  };
  let parsed: unknown;
  try {
    // JSON.parse builds plain data: a member named __proto__ is an own property, never a prototype.
    const text = typeof document === 'string' ? document : utf8.decode(document);
    // A byte order mark, as some Windows editors write one.
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    fail(error instanceof TypeError ? 'not UTF-8 text' : `not JSON (${(error as Error).message})`);
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? parsed.NetworkInterfaces : undefined;
  if (!Array.isArray(list))
    return fail('no "NetworkInterfaces" list (expected the JSON aws ec2 describe-network-interfaces prints)');
  list.forEach((item, index) => {
    const read = readInterface(item, message => fail(`NetworkInterfaces[${index}]: ${message}`));
    into.set(read.id, read);
  });
  return into;
}

type Fail = (message: string) => never;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text member: undefined when absent, null or empty. */
function textOf(object: Record<string, unknown>, member: string, fail: Fail): string | undefined {
  const value = object[member];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : fail(`"${member}" is not a string`);
}

/** One item of `NetworkInterfaces`: the members enrichment uses, checked, in one key order. */
function readInterface(item: unknown, fail: Fail): NetworkInterface {
  if (!isObject(item)) return fail('not an object');
  const id = textOf(item, 'NetworkInterfaceId', fail) ?? fail('no "NetworkInterfaceId"');
  const attachment = item.Attachment;
  if (attachment !== undefined && attachment !== null && !isObject(attachment)) fail('"Attachment" is not an object');
  const groups = listOf(item, 'Groups', fail, group => {
    const groupId = textOf(group, 'GroupId', fail) ?? fail('a group without a "GroupId"');
    const name = textOf(group, 'GroupName', fail);
    return Object.freeze(name === undefined ? { id: groupId } : { id: groupId, name });
  });
  const tags = listOf(item, 'TagSet', fail, tag => {
    const key = textOf(tag, 'Key', fail) ?? fail('a tag without a "Key"');
    return [key, textOf(tag, 'Value', fail) ?? ''] as const;
  });
  // Assigned in one order, absent values left out: every interface object has one of few hidden classes.
  const facts: Record<string, unknown> = { id };
  const put = (key: Exclude<keyof NetworkInterface, 'id'>, value: unknown) => {
    if (value !== undefined) facts[key] = value;
  };
  put('instanceId', isObject(attachment) ? textOf(attachment, 'InstanceId', fail) : undefined);
  put('vpcId', textOf(item, 'VpcId', fail));
  put('subnetId', textOf(item, 'SubnetId', fail));
  put('availabilityZone', textOf(item, 'AvailabilityZone', fail));
  put('type', textOf(item, 'InterfaceType', fail));
  put('description', textOf(item, 'Description', fail));
  put('ownerId', textOf(item, 'OwnerId', fail));
  put('securityGroups', groups);
  // Object.fromEntries defines each key, so a tag named __proto__ stays a tag.
  if (tags !== undefined)
    put('tags', Object.freeze(Object.fromEntries(tags.toSorted(([left], [right]) => (left < right ? -1 : 1)))));
  return Object.freeze(facts) as unknown as NetworkInterface;
}

/** A list member's items, each made by `make` from an object; undefined when absent, null or empty. */
function listOf<Item>(
  object: Record<string, unknown>,
  member: string,
  fail: Fail,
  make: (item: Record<string, unknown>) => Item,
): readonly Item[] | undefined {
  const value = object[member];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail(`"${member}" is not a list`);
  if (value.length === 0) return undefined;
  return Object.freeze(value.map(entry => (isObject(entry) ? make(entry) : fail(`"${member}" holds a non-object`))));
}
