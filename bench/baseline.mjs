// The converters a user would write by hand, the yardsticks `pnpm bench`
// measures flowecs against in the same run: readline, split(' '), build the
// contract-shaped object, JSON.stringify, write. Default v2 lines only.
// `node baseline.mjs INPUT OUTPUT [MODE]`, MODE one of:
// - `per-line` (default): one `write` per event, as most would write it;
// - `batched`: 1,000 events a `write`, as a careful user would;
// - `floor`: the lines read and written back as they are, 1,000 a write,
//   parsing nothing: the I/O a converter cannot go below.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { handBuiltEvent } from './hand-built-event.mjs';

const [input, output, mode = 'per-line'] = process.argv.slice(2);
const out = createWriteStream(output);
const BATCH = 1000;
let batch = '';
let pending = 0;

for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  if (mode === 'floor') {
    batch += `${line}\n`;
  } else {
    const event = handBuiltEvent(line);
    if (event === undefined) continue;
    if (mode === 'per-line') {
      if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
      continue;
    }
    batch += `${JSON.stringify(event)}\n`;
  }
  if (++pending === BATCH) {
    const full = out.write(batch);
    batch = '';
    pending = 0;
    if (!full) await once(out, 'drain');
  }
}
out.end(batch);
await once(out, 'finish');
