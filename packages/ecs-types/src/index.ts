/**
 * Event shapes emitted by flowecs. Types only: this package has no runtime code.
 *
 * The standard profile reproduces the flowecs contract (the Sekoia.io "AWS VPC
 * Flow logs" intake) field for field. Key order in the emitted JSON follows
 * the declaration order below; keys inside objects are sorted.
 */

/** The record's `log-status`, lower-cased: `event.outcome` and `action.outcome`. */
export type FlowLogStatus = 'ok' | 'nodata' | 'skipdata';

/** The record's `action`, lower-cased: `action.name`. */
export type FlowLogActionName = 'accept' | 'reject';

/** A date written as `YYYY-MM-DDTHH:MM:SSZ` (UTC; `.mmm` only for millisecond inputs). */
export type FlowLogDate = string;

/** `observer` of every event that has an `interface-id`. */
export interface FlowLogObserver {
  ingress: { interface: { name: string } };
}

/** `cloud`: the provider is always set, the account when the record has one. */
export interface FlowLogCloud {
  account?: { id: string };
  provider: 'aws';
}

/** `source`: the packet counters are the flow's totals, as in the contract. */
export interface FlowLogSource {
  address?: string;
  bytes?: number;
  ip?: string;
  packets?: number;
  port?: number;
}

export interface FlowLogDestination {
  address?: string;
  ip?: string;
  port?: number;
}

export interface FlowLogNetwork {
  /** The IANA protocol number, as a decimal string. */
  iana_number: string;
  /** The lower-case IANA keyword; absent for numbers IANA gives no keyword. */
  transport?: string;
}

/** A record that carries traffic: log status `OK`, or a layout without `log-status`. */
export interface FlowLogTrafficEvent {
  message: string;
  event: {
    category: ['network'];
    end?: FlowLogDate;
    outcome?: 'ok';
    start?: FlowLogDate;
  };
  /** The flow's start time; absent only for layouts without `start`. */
  '@timestamp'?: FlowLogDate;
  action: {
    name?: FlowLogActionName;
    outcome?: 'ok';
    /** Set when the record has any source or destination field. */
    target?: 'network-traffic';
    type: 'forward';
  };
  cloud: FlowLogCloud;
  destination?: FlowLogDestination;
  network?: FlowLogNetwork;
  observer?: FlowLogObserver;
  /** Source and destination IPs, deduplicated and sorted. */
  related?: { ip: string[] };
  source?: FlowLogSource;
}

/** A `NODATA` or `SKIPDATA` record: no traffic fields, whatever the line holds. */
export interface FlowLogStatusEvent {
  message: string;
  event: {
    category: ['network'];
    end?: FlowLogDate;
    outcome: 'nodata' | 'skipdata';
    start?: FlowLogDate;
  };
  '@timestamp'?: FlowLogDate;
  action: {
    name?: never;
    outcome: 'nodata' | 'skipdata';
    target?: never;
    type: 'forward';
  };
  cloud: FlowLogCloud;
  // Declared absent, so `event.source?.port` reads on any FlowLogEvent.
  destination?: never;
  network?: never;
  observer?: FlowLogObserver;
  related?: never;
  source?: never;
}

/** The default (standard profile) output: exactly the contract's fields. */
export type FlowLogEvent = FlowLogTrafficEvent | FlowLogStatusEvent;

/**
 * Event shape per output profile. The extended profile adds fields to the
 * standard ones and never changes them; it registers itself here.
 */
export interface FlowLogEventByProfile {
  standard: FlowLogEvent;
}

export type FlowLogProfile = keyof FlowLogEventByProfile;
