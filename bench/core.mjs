// One core measurement, in its own process: node bench/core.mjs MODE PROFILE FILE
// MODE: objects (parse) | ndjson (parseInto). Prints {lines, seconds, bytes}.
import { readFileSync } from 'node:fs';
import { createParser, NdjsonWriter } from '@flowecs/parser';

const [mode, profile, file] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const lines = text.split('\n');
if (lines.at(-1) === '') lines.pop();
let best = Number.POSITIVE_INFINITY;
let sink = 0;
for (let round = 0; round < 3; round++) {
  const parser = createParser({ profile });
  const writer = new NdjsonWriter();
  const started = performance.now();
  if (mode === 'objects') {
    for (const line of lines) {
      const result = parser.parse(line);
      if (result.kind === 'event') sink++;
    }
  } else {
    for (const line of lines) {
      parser.parseInto(line, writer);
      if (writer.length > 1 << 16) {
        sink += writer.length;
        writer.clear();
      }
    }
  }
  best = Math.min(best, (performance.now() - started) / 1000);
}
process.stdout.write(JSON.stringify({ lines: lines.length, seconds: best, bytes: Buffer.byteLength(text), sink }));
