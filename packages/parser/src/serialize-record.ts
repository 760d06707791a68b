import type { FlowLogRecord } from './flow-log-record';
import { formatTimestamp } from './format-timestamp';
import { ianaProtocolKeyword } from './iana-protocol-keyword';
import { mapExtendedRecord } from './map-extended-record';
import { NdjsonWriter } from './ndjson-writer';

/**
 * Writes the standard event of a record as JSON text, without building it:
 * the bytes `JSON.stringify(mapRecord(record, message))` gives. The field
 * rules are mapRecord's; a test holds the two equal on every fixture and on
 * random records. Dates and validated addresses need no escaping.
 */
export function writeRecord(record: FlowLogRecord, message: string, out: NdjsonWriter): void {
  const status = record['log_status'] as string | undefined;
  const start = record['start'] as number | undefined;
  const end = record['end'] as number | undefined;
  const accountId = record['account_id'] as string | undefined;
  const interfaceId = record['interface_id'] as string | undefined;
  const startText = start === undefined ? undefined : formatTimestamp(start);
  const statusOnly = status === 'NODATA' || status === 'SKIPDATA';
  const outcome = status === undefined ? undefined : statusOnly ? (status === 'NODATA' ? 'nodata' : 'skipdata') : 'ok';

  out.ascii('{"message":');
  out.string(message);
  out.ascii(',"event":{"category":["network"]');
  if (end !== undefined) date(out, ',"end":"', formatTimestamp(end));
  if (outcome !== undefined) date(out, ',"outcome":"', outcome);
  if (startText !== undefined) date(out, ',"start":"', startText);
  out.ascii('}');
  if (startText !== undefined) date(out, ',"@timestamp":"', startText);

  if (statusOnly) {
    out.ascii(outcome === 'nodata' ? ',"action":{"outcome":"nodata","type":"forward"}' : ',"action":{"outcome":"skipdata","type":"forward"}');
    writeCloud(out, accountId);
    writeObserver(out, interfaceId);
    out.ascii('}');
    return;
  }

  const sourceAddress = record['srcaddr'] as string | undefined;
  const destinationAddress = record['dstaddr'] as string | undefined;
  const sourcePort = record['srcport'] as number | undefined;
  const destinationPort = record['dstport'] as number | undefined;
  const bytes = record['bytes'] as number | undefined;
  const packets = record['packets'] as number | undefined;
  const protocol = record['protocol'] as number | undefined;
  const action = record['action'] as string | undefined;
  const hasDestination = destinationAddress !== undefined || destinationPort !== undefined;
  const hasSource = sourceAddress !== undefined || sourcePort !== undefined || bytes !== undefined || packets !== undefined;

  out.ascii(',"action":{');
  if (action !== undefined) out.ascii(action === 'ACCEPT' ? '"name":"accept",' : '"name":"reject",');
  if (outcome !== undefined) out.ascii('"outcome":"ok",');
  if (hasSource || hasDestination) out.ascii('"target":"network-traffic",');
  out.ascii('"type":"forward"}');
  writeCloud(out, accountId);
  if (hasDestination) {
    out.ascii(',"destination":{');
    if (destinationAddress !== undefined) {
      address(out, '"address":"', destinationAddress);
      address(out, ',"ip":"', destinationAddress);
    }
    if (destinationPort !== undefined) {
      out.ascii(destinationAddress === undefined ? '"port":' : ',"port":');
      out.integer(destinationPort);
    }
    out.ascii('}');
  }
  if (protocol !== undefined) {
    out.ascii(',"network":{"iana_number":"');
    out.integer(protocol);
    const transport = ianaProtocolKeyword(protocol);
    if (transport === undefined) out.ascii('"}');
    else {
      out.ascii('","transport":');
      out.string(transport);
      out.ascii('}');
    }
  }
  writeObserver(out, interfaceId);
  if (sourceAddress !== undefined || destinationAddress !== undefined) {
    out.ascii(',"related":{"ip":[');
    if (sourceAddress === undefined) address(out, '"', destinationAddress!);
    else if (destinationAddress === undefined || destinationAddress === sourceAddress) address(out, '"', sourceAddress);
    else {
      const [first, second] = sourceAddress < destinationAddress ? [sourceAddress, destinationAddress] : [destinationAddress, sourceAddress];
      address(out, '"', first);
      address(out, ',"', second);
    }
    out.ascii(']}');
  }
  if (hasSource) {
    out.ascii(',"source":{');
    let separator = '';
    if (sourceAddress !== undefined) {
      address(out, '"address":"', sourceAddress);
      separator = ',';
    }
    if (bytes !== undefined) {
      out.ascii(`${separator}"bytes":`);
      out.integer(bytes);
      separator = ',';
    }
    if (sourceAddress !== undefined) address(out, ',"ip":"', sourceAddress);
    if (packets !== undefined) {
      out.ascii(`${separator}"packets":`);
      out.integer(packets);
      separator = ',';
    }
    if (sourcePort !== undefined) {
      out.ascii(`${separator}"port":`);
      out.integer(sourcePort);
    }
    out.ascii('}');
  }
  out.ascii('}');
}

// `,"name":"value"` for a value that needs no escaping.
function date(out: NdjsonWriter, prefix: string, value: string): void {
  out.ascii(prefix);
  out.ascii(value);
  out.ascii('"');
}

const address = date;

function writeCloud(out: NdjsonWriter, accountId: string | undefined): void {
  if (accountId === undefined) {
    out.ascii(',"cloud":{"provider":"aws"}');
    return;
  }
  out.ascii(',"cloud":{"account":{"id":');
  out.string(accountId);
  out.ascii('},"provider":"aws"}');
}

function writeObserver(out: NdjsonWriter, interfaceId: string | undefined): void {
  if (interfaceId === undefined) return;
  out.ascii(',"observer":{"ingress":{"interface":{"name":');
  out.string(interfaceId);
  out.ascii('}}}');
}

/** The extended profile keeps the object path: it is opt-in and richer. */
export function writeExtendedRecord(record: FlowLogRecord, message: string, out: NdjsonWriter): void {
  out.text(JSON.stringify(mapExtendedRecord(record, message)));
}

const scratch = new NdjsonWriter(4096);
const decoder = new TextDecoder();

/** One record's JSON text as a string (through the same writer). */
export function serializeWith(write: typeof writeRecord, record: FlowLogRecord, message: string): string {
  scratch.length = 0;
  write(record, message, scratch);
  return decoder.decode(scratch.bytes.subarray(0, scratch.length));
}
