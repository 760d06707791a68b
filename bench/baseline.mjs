// The converter a user would write by hand: readline, split(' '), build the
// contract-shaped object, JSON.stringify, write. Default v2 lines only. It is
// the yardstick `pnpm bench` measures flowecs against, in the same run.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);
const date = seconds => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
const transports = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp' };

for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (line === '' || line.startsWith('version')) continue;
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
  if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
