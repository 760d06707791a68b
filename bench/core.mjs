// One core measurement, in its own process: node bench/core.mjs MODE PROFILE FILE
// MODE: objects (parse, over strings) | split-build (the hand-built event of
// hand-built-event.mjs, over the same strings) | bytes (parseBytes, over the file's
// bytes) | ndjson (parseBytesInto). Prints {lines, seconds, bytes}.
import { readFileSync } from 'node:fs';
import { createParser } from '@flowecs/parser';
import { NdjsonWriter } from '@flowecs/parser/ndjson';
import { handBuiltEvent } from './hand-built-event.mjs';

const [mode, profile, file] = process.argv.slice(2);
const buffer = readFileSync(file);
const text = buffer.toString('utf8');
const lines = text.split('\n');
if (lines.at(-1) === '') lines.pop();
const offsets = [];
for (let start = 0, end; (end = buffer.indexOf(10, start)) !== -1; start = end + 1) offsets.push(start, end);
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
  } else if (mode === 'split-build') {
    for (const line of lines) if (handBuiltEvent(line) !== undefined) sink++;
  } else if (mode === 'bytes') {
    for (let index = 0; index < offsets.length; index += 2) {
      const result = parser.parseBytes(buffer, offsets[index], offsets[index + 1]);
      if (result.kind === 'event') sink++;
    }
  } else {
    for (let index = 0; index < offsets.length; index += 2) {
      parser.parseBytesInto(buffer, offsets[index], offsets[index + 1], writer);
      if (writer.length > 1 << 16) {
        sink += writer.length;
        writer.clear();
      }
    }
  }
  best = Math.min(best, (performance.now() - started) / 1000);
}
process.stdout.write(JSON.stringify({ lines: lines.length, seconds: best, bytes: buffer.length, sink }));
