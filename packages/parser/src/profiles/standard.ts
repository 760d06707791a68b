import type {
  FlowLogActionName,
  FlowLogDestination,
  FlowLogEvent,
  FlowLogNetwork,
  FlowLogSource,
  FlowLogStatus,
  FlowLogTrafficEvent,
} from '@flowecs/ecs-types';
import { defineProfile, type Placed, type ProfileRecord } from '../define-profile';
import { fieldWords } from '../flow-log-fields';
import { ianaProtocolKeyword } from '../iana-protocol-keyword';
import { defined } from './defined';

/** The `log-status` and `action` words, lower-cased: `event.outcome`, `action.outcome` and `action.name`. */
const lowerCased = <Word extends string>(words: readonly Word[]) =>
  new Map(words.map(word => [word, word.toLowerCase()] as const)) as ReadonlyMap<Word, Lowercase<Word>>;
const statusOutcomes: ReadonlyMap<(typeof fieldWords.status)[number], FlowLogStatus> = lowerCased(fieldWords.status);
export const actionNames: ReadonlyMap<(typeof fieldWords.action)[number], FlowLogActionName> = lowerCased(
  fieldWords.action,
);

/**
 * The standard profile: exactly the contract's fields. Objects are built in
 * output order (top level: message, event, @timestamp, action, cloud,
 * destination, network, observer, related, source; sorted keys inside), so
 * JSON writes the contract's byte order. NODATA and SKIPDATA records keep
 * their values too (only `-` is absent).
 */
export const standard = defineProfile<FlowLogEvent>({
  name: 'standard',
  map({ record, message, eventTime, origin, timestamp, sortedAddresses }) {
    const status = record.log_status;
    // Typed as the traffic event's word: NODATA and SKIPDATA events have the same shape with theirs.
    const outcome = (status === undefined ? undefined : statusOutcomes.get(status)) as 'ok' | undefined;
    const start = record.start === undefined ? undefined : timestamp(record.start);
    const end = record.end === undefined ? undefined : timestamp(record.end);
    const event = defined<Placed<FlowLogTrafficEvent['event']>>(
      { category: ['network'], end, outcome, start },
      end !== undefined && outcome !== undefined && start !== undefined,
    );
    const source = mapSource(record);
    const destination = mapDestination(record);
    const name = record.action === undefined ? undefined : actionNames.get(record.action);
    const target = source !== undefined || destination !== undefined ? 'network-traffic' : undefined;
    const action = defined<Placed<FlowLogTrafficEvent['action']>>(
      { name, outcome, target, type: 'forward' },
      name !== undefined && outcome !== undefined && target !== undefined,
    );
    // The record's own account wins; else the one its path or key names.
    const account = record.account_id ?? origin?.accountId;
    // The flow's start; without one (NAT gateway and transit-gateway path
    // formats), its end; without either, the delivery's time for it.
    const at = start ?? end ?? (eventTime === undefined ? undefined : timestamp(eventTime));
    const network = record.protocol === undefined ? undefined : mapProtocol(record.protocol);
    const observer =
      record.interface_id === undefined ? undefined : { ingress: { interface: { name: record.interface_id } } };
    const related =
      record.srcaddr === undefined && record.dstaddr === undefined
        ? undefined
        : { ip: sortedAddresses([record.srcaddr, record.dstaddr]) };
    return defined<Placed<FlowLogTrafficEvent>>(
      {
        message,
        event,
        '@timestamp': at,
        action,
        cloud: account === undefined ? { provider: 'aws' } : { account: { id: account }, provider: 'aws' },
        destination,
        network,
        observer,
        related,
        source,
      },
      at !== undefined &&
        destination !== undefined &&
        network !== undefined &&
        observer !== undefined &&
        related !== undefined &&
        source !== undefined,
    );
  },
});

/** `destination` from dstaddr and dstport, or undefined when the record has neither. */
export function mapDestination(record: ProfileRecord): Placed<FlowLogDestination> | undefined {
  const { dstaddr: address, dstport: port } = record;
  if (address === undefined && port === undefined) return undefined;
  return defined<Placed<FlowLogDestination>>(
    { address, ip: address, port },
    address !== undefined && port !== undefined,
  );
}

/** `source` from srcaddr, srcport and the flow's byte and packet totals. */
export function mapSource(record: ProfileRecord): Placed<FlowLogSource> | undefined {
  const { srcaddr: address, srcport: port, bytes, packets } = record;
  if (address === undefined && port === undefined && bytes === undefined && packets === undefined) return undefined;
  return defined<Placed<FlowLogSource>>(
    { address, bytes, ip: address, packets, port },
    address !== undefined && bytes !== undefined && packets !== undefined && port !== undefined,
  );
}

const protocolNumbers = Array.from({ length: 256 }, (_, protocol) => String(protocol));

/** `network.iana_number` and `network.transport`: the protocol is decided (at most 255). */
export function mapProtocol(protocol: number): FlowLogNetwork {
  const transport = ianaProtocolKeyword(protocol);
  const number = protocolNumbers[protocol]!;
  return transport === undefined ? { iana_number: number } : { iana_number: number, transport };
}
