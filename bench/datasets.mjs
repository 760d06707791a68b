// The bench's generated datasets, deterministic (a linear congruential
// generator, not Math.random), so every run and every saved digest sees the
// same bytes.
//
// - friendly ("best case"): one account, ten interfaces, IPv4 only, start
//   times that repeat 2,000 times. Flatters any cache keyed on values.
// - diverse (the headline): 10% IPv6, start times uniform over three years
//   with durations 0–600 s, 1% NODATA, random 12-digit accounts and `eni-`
//   ids, 25% REJECT, protocols 6/17/1/58/47.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const V2_HEADER =
  'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
export const V5_HEADER = `${V2_HEADER} vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path`;

function generator(seed) {
  let state = seed;
  return limit => (state = (state * 1103515245 + 12345) % 2147483648) % limit;
}

function* friendly(count, v5) {
  const next = generator(20261128);
  for (let index = 0; index < count; index++) {
    const start = 1700000000 + Math.floor(index / 2000) * 60;
    const status = next(50) === 0 ? 'NODATA' : 'OK';
    const base =
      status === 'OK'
        ? `2 123456789010 eni-0${next(9)}f06a40fc9be596f6 10.0.${next(256)}.${next(256)} 52.${next(256)}.${next(256)}.${next(256)} ${next(65536)} ${[22, 80, 443, 3306][next(4)]} ${[6, 17, 1][next(3)]} ${1 + next(500)} ${40 + next(200000)} ${start} ${start + 60} ${next(5) === 0 ? 'REJECT' : 'ACCEPT'} OK`
        : `2 123456789010 eni-0${next(9)}f06a40fc9be596f6 - - - - - - - ${start} ${start + 60} - NODATA`;
    yield v5
      ? `${base.replace(/^2 /, '5 ')} vpc-0abc subnet-0def i-0123456789abcdef0 ${next(32)} IPv4 10.0.0.${next(256)} 52.1.2.${next(256)} eu-west-1 euw1-az${1 + next(3)} - - - S3 ${next(2) ? 'ingress' : 'egress'} ${next(2) ? '-' : String(1 + next(8))}`
      : base;
  }
}

const THREE_YEARS = 3 * 365 * 86400;
const PROTOCOLS = [6, 6, 6, 17, 17, 1, 58, 47];

// mulberry32: unlike the LCG's low bits, every bit of it is usable.
function mulberry(seed) {
  let state = seed >>> 0;
  return limit => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return Math.floor((((value ^ (value >>> 14)) >>> 0) / 4294967296) * limit);
  };
}

function* diverse(count, v5) {
  const next = mulberry(20261130);
  const hex = length => {
    let text = '';
    for (let index = 0; index < length; index++) text += '0123456789abcdef'[next(16)];
    return text;
  };
  const account = () => String(100000000000 + next(900000) * 1000000 + next(1000000));
  const ipv4 = () => `${[10, 172, 192, 52, 54, 3][next(6)]}.${next(256)}.${next(256)}.${next(256)}`;
  const group = () => next(65536).toString(16);
  const ipv6 = () => `2600:1f18:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`;
  for (let index = 0; index < count; index++) {
    const start = 1640995200 + next(THREE_YEARS);
    const end = start + next(601);
    const owner = account();
    const eni = `eni-${hex(17)}`;
    const six = next(10) === 0;
    let base;
    if (next(100) === 0) base = `2 ${owner} ${eni} - - - - - - - ${start} ${end} - NODATA`;
    else {
      const protocol = six && next(3) === 0 ? 58 : PROTOCOLS[next(PROTOCOLS.length)];
      const ports =
        protocol === 6 || protocol === 17
          ? `${next(65536)} ${[22, 53, 80, 123, 443, 3306, 5432, 8080][next(8)]}`
          : protocol === 47
            ? '0 0'
            : `${next(20)} ${next(16)}`;
      const [source, destination] = six ? [ipv6(), ipv6()] : [ipv4(), ipv4()];
      base = `2 ${owner} ${eni} ${source} ${destination} ${ports} ${protocol} ${1 + next(5000)} ${40 + next(3000000)} ${start} ${end} ${next(4) === 0 ? 'REJECT' : 'ACCEPT'} OK`;
    }
    if (!v5) yield base;
    else {
      const region = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'sa-east-1'][next(4)];
      const fields = base.split(' ');
      const [source, destination] = [fields[3], fields[4]];
      yield `5${base.slice(1)} vpc-${hex(17)} subnet-${hex(17)} ${next(5) === 0 ? '-' : `i-${hex(17)}`} ${next(64)} ${six ? 'IPv6' : 'IPv4'} ${source} ${destination} ${region} use1-az${1 + next(6)} - - ${next(3) === 0 ? 'S3' : '-'} - ${next(2) ? 'ingress' : 'egress'} ${next(2) ? '-' : String(1 + next(8))}`;
    }
  }
}

export const mixes = { friendly, diverse };

/** Writes `count` records of a mix (`friendly` or `diverse`), v2 or v5, after a header line. */
export async function writeDataset(path, mix, count, v5 = false, header = true) {
  const out = createWriteStream(path);
  if (header) out.write(`${v5 ? V5_HEADER : V2_HEADER}\n`);
  let chunk = '';
  for (const line of mixes[mix](count, v5)) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}
