// The event a user would build by hand from a default v2 line: split(' ')
// and the contract's shape, validating nothing. Shared by the hand-written
// converter (baseline.mjs) and the core bench's split-and-build row.
const date = seconds => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
const transports = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp' };

/** The line's event, or undefined for a blank or header line. */
export function handBuiltEvent(line) {
  if (line === '' || line.startsWith('version')) return undefined;
  const [, account, eni, srcaddr, dstaddr, srcport, dstport, protocol, packets, bytes, start, end, action, status] =
    line.split(' ');
  const event = {
    message: line,
    event: { category: ['network'], end: date(end), outcome: status.toLowerCase(), start: date(start) },
    '@timestamp': date(start),
  };
  if (status === 'OK') {
    event.action = { name: action.toLowerCase(), outcome: 'ok', target: 'network-traffic', type: 'forward' };
    event.cloud = { account: { id: account }, provider: 'aws' };
    event.destination = { address: dstaddr, ip: dstaddr, port: Number(dstport) };
    event.network = { iana_number: protocol, transport: transports[protocol] };
    event.observer = { ingress: { interface: { name: eni } } };
    event.related = { ip: [srcaddr, dstaddr].sort() };
    event.source = {
      address: srcaddr,
      bytes: Number(bytes),
      ip: srcaddr,
      packets: Number(packets),
      port: Number(srcport),
    };
  } else {
    event.action = { outcome: status.toLowerCase(), type: 'forward' };
    event.cloud = { account: { id: account }, provider: 'aws' };
    event.observer = { ingress: { interface: { name: eni } } };
  }
  return event;
}
