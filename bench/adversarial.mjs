// Parsing time against line length for hostile lines: it must grow linearly.
// Prints {rows: [{name, length, nanosecondsPerCharacter}]}.
import { createParser } from '@flowecs/parser';

const V2 =
  '2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK';
const shapes = {
  'dotted address': n => V2.replace('172.31.16.139', '1.'.repeat(n / 2)),
  'colon address': n => V2.replace('172.31.16.139', '1:'.repeat(n / 2)),
  'run of spaces': n => V2.replace(' ', ' '.repeat(n)),
  digits: n => V2.replace('4249', '9'.repeat(n)),
  'deep JSON': n => `{"srcaddr":"10.0.0.1","x":${'['.repeat(n / 2)}${']'.repeat(n / 2)}}`,
  'header-like': n => `version ${'account-id '.repeat(n / 11)}`,
};
const rows = [];
for (const [name, make] of Object.entries(shapes)) {
  for (const length of [1_000, 10_000, 100_000]) {
    const line = make(length);
    const parser = createParser();
    const rounds = Math.max(3, Math.round(2_000_000 / line.length));
    const started = performance.now();
    for (let round = 0; round < rounds; round++) parser.parse(line);
    const seconds = (performance.now() - started) / 1000;
    rows.push({ name, length: line.length, nanosecondsPerCharacter: (seconds * 1e9) / rounds / line.length });
  }
}
process.stdout.write(JSON.stringify({ rows }));
