// Parses flow-log files with @flowecs/parser and prints one ECS event per line
// (NDJSON) to stdout; invalid lines go to stderr. A stand-in for the flowecs
// CLI until it lands: `npx --yes pnpm@10 sample`.
import { readFileSync } from 'node:fs';
import { createParser } from '@flowecs/parser';

const paths = process.argv.slice(2);
if (paths.length === 0) {
  process.stderr.write('usage: node scripts/parse-sample.js FILE...\n');
  process.exit(2);
}
let invalid = 0;
for (const path of paths) {
  const parser = createParser();
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (const line of lines) {
    const result = parser.parse(line);
    if (result.kind === 'event') process.stdout.write(`${JSON.stringify(result.event)}\n`);
    if (result.kind === 'invalid') {
      invalid++;
      process.stderr.write(`${path}:${result.lineNumber}: ${result.error.code}: ${result.error.message}\n`);
    }
  }
}
process.exitCode = invalid === 0 ? 0 : 1;
