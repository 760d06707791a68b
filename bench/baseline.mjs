// The converter a user would write by hand: readline, split(' '), build the
// contract-shaped object, JSON.stringify, write. Default v2 lines only. It is
// the yardstick `pnpm bench` measures flowecs against, in the same run.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { handBuiltEvent } from './hand-built-event.mjs';

const [input, output] = process.argv.slice(2);
const out = createWriteStream(output);

for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
  const event = handBuiltEvent(line);
  if (event === undefined) continue;
  if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
}
out.end();
await once(out, 'finish');
