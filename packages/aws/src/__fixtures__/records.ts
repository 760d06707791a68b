// Flow-log records and CloudWatch Logs envelopes for the handler tests:
// varied like real traffic (many accounts and interfaces, IPv6, start
// times that do not repeat), so that compressed sizes are realistic.

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` default-format (v2) records. */
export function diverseRecords(count: number, seed = 7): string[] {
  const next = random(seed);
  const int = (limit: number) => Math.floor(next() * limit);
  const hex = (length: number) => Array.from({ length }, () => int(16).toString(16)).join('');
  const address = () =>
    next() < 0.1 ? `2001:db8:${hex(4)}::${hex(3)}` : `${10 + int(200)}.${int(256)}.${int(256)}.${int(256)}`;
  return Array.from({ length: count }, () => {
    const start = 1_640_000_000 + int(94_000_000);
    return [
      2,
      String(100_000_000_000 + int(899_999_999_999)),
      `eni-${hex(17)}`,
      address(),
      address(),
      int(65536),
      [443, 22, 53, 80, 3389][int(5)],
      [6, 17, 1, 58, 47][int(5)],
      1 + int(5000),
      40 + int(9_000_000),
      start,
      start + int(600),
      next() < 0.25 ? 'REJECT' : 'ACCEPT',
      'OK',
    ].join(' ');
  });
}

/** A CloudWatch Logs subscription envelope (decoded JSON) holding these records. */
export function cloudWatchEnvelope(
  records: readonly string[],
  options: { control?: boolean; group?: string; stream?: string } = {},
): string {
  const timestamp = 1_732_939_500_000;
  return JSON.stringify({
    messageType: options.control === true ? 'CONTROL_MESSAGE' : 'DATA_MESSAGE',
    owner: options.control === true ? 'CloudwatchLogs' : '123456789012',
    logGroup: options.control === true ? '' : (options.group ?? '/aws/vpc/flowlogs'),
    logStream: options.control === true ? '' : (options.stream ?? 'eni-0123456789abcdef0-all'),
    subscriptionFilters: options.control === true ? [] : ['flowecs'],
    logEvents:
      options.control === true
        ? [{ id: '', timestamp, message: 'CWL CONTROL MESSAGE: Checking health of destination Firehose.' }]
        : records.map((message, index) => ({
            id: String(37_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000_000n + BigInt(index)),
            timestamp: timestamp + index,
            message,
          })),
  });
}
