import { ianaProtocolKeyword } from './iana-protocol-keyword';

// The JSON fragments the byte lane writes for the standard profile
// (write-standard-bytes.ts), pre-encoded. map-record.ts states the contract;
// the lane-equality tests hold these to it.
const encoder = new TextEncoder();
export const bytesOf = (text: string) => encoder.encode(text);
export const ACCEPT = bytesOf('ACCEPT');
export const REJECT = bytesOf('REJECT');
export const OK = bytesOf('OK');
export const NODATA = bytesOf('NODATA');
export const SKIPDATA = bytesOf('SKIPDATA');
export const UNKNOWN = bytesOf('unknown');
export const QUOTE = 34;
export const BRACE = 125;
export const COMMA_QUOTE = bytesOf(',"');
export const CLOSE = bytesOf('}');
export const CLOSE_NEWLINE = bytesOf('}\n');
export const CLOSE_NEWLINE_2 = bytesOf('}}\n');
export const MESSAGE = bytesOf('{"message":"');
export const EVENT = bytesOf('","event":{"category":["network"]');
export const EVENT_END = bytesOf(',"end":"');
export const EVENT_START = bytesOf(',"start":"');
export const CLOSE_TIMESTAMP = bytesOf('},"@timestamp":"');
export const OUTCOME_OK = bytesOf(',"outcome":"ok"');
export const OUTCOME_NODATA = bytesOf(',"outcome":"nodata"');
export const OUTCOME_SKIPDATA = bytesOf(',"outcome":"skipdata"');
export const ACTION_OPEN = bytesOf(',"action":{');
export const NAME_ACCEPT = bytesOf('"name":"accept",');
export const NAME_REJECT = bytesOf('"name":"reject",');
export const ACTION_OUTCOME_OK = bytesOf('"outcome":"ok",');
export const ACTION_OUTCOME_NODATA = bytesOf('"outcome":"nodata",');
export const ACTION_OUTCOME_SKIPDATA = bytesOf('"outcome":"skipdata",');
export const TARGET_TYPE_FORWARD = bytesOf('"target":"network-traffic","type":"forward"}');
export const TYPE_FORWARD = bytesOf('"type":"forward"}');
export const CLOUD_BARE = bytesOf(',"cloud":{"provider":"aws"}');
export const CLOUD_OPEN = bytesOf(',"cloud":{"account":{"id":"');
export const CLOUD_CLOSE = bytesOf('},"provider":"aws"}');
export const DESTINATION_OPEN = bytesOf(',"destination":{');
export const ADDRESS = bytesOf('"address":"');
export const IP = bytesOf(',"ip":"');
export const PORT = bytesOf('"port":');
export const COMMA_PORT = bytesOf(',"port":');
export const BYTES = bytesOf('"bytes":');
export const COMMA_BYTES = bytesOf(',"bytes":');
export const PACKETS = bytesOf('"packets":');
export const COMMA_PACKETS = bytesOf(',"packets":');
export const NETWORK_OPEN = bytesOf(',"network":{"iana_number":"');
export const OBSERVER_OPEN = bytesOf(',"observer":{"ingress":{"interface":{"name":"');
export const OBSERVER_CLOSE = bytesOf('}}}');
export const RELATED_OPEN = bytesOf(',"related":{"ip":["');
export const RELATED_CLOSE = bytesOf(']}');
export const SOURCE_OPEN = bytesOf(',"source":{');
/** More than the fixed fragments and timestamps of any one line. */
export const FIXED_BOUND = 1024;
// `,"transport":"<keyword>"` per protocol number; empty where IANA has none.
export const transportTexts = Array.from({ length: 256 }, (_, protocol) => {
  const keyword = ianaProtocolKeyword(protocol);
  return keyword === undefined ? '' : `,"transport":${JSON.stringify(keyword)}`;
});
export const transports: Uint8Array[] = transportTexts.map(bytesOf);

// The complete OK record (writeCompleteTraffic): fixed parts merged.
export const COMPLETE_ACCEPT = bytesOf(',"action":{"name":"accept","outcome":"ok","target":"network-traffic","type":"forward"},"cloud":{"account":{"id":"');
export const COMPLETE_REJECT = bytesOf(',"action":{"name":"reject","outcome":"ok","target":"network-traffic","type":"forward"},"cloud":{"account":{"id":"');
export const COMPLETE_DESTINATION = bytesOf('"},"provider":"aws"},"destination":{"address":"');
export const COMPLETE_IP = bytesOf('","ip":"');
export const COMPLETE_PORT = bytesOf('","port":');
export const COMPLETE_NETWORK = bytesOf('},"network":{"iana_number":"');
// The closing quote, the protocol's transport and the observer's opening.
export const completeObservers: Uint8Array[] = transportTexts.map(transport => bytesOf(`"${transport}},"observer":{"ingress":{"interface":{"name":"`));
export const COMPLETE_RELATED = bytesOf('"}}},"related":{"ip":["');
export const COMPLETE_SECOND = bytesOf('","');
export const COMPLETE_SOURCE = bytesOf('"]},"source":{"address":"');
export const COMPLETE_BYTES = bytesOf('","bytes":');
export const COMPLETE_PACKETS = bytesOf('","packets":');
// Paired with a plan's completeHead and completeTail tokens.
export const COMPLETE_HEAD = [COMPLETE_DESTINATION, COMPLETE_IP, COMPLETE_PORT, COMPLETE_NETWORK];
export const COMPLETE_TAIL = [COMPLETE_SOURCE, COMPLETE_BYTES, IP, COMPLETE_PACKETS, COMMA_PORT];

