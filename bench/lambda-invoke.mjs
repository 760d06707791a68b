// Runs a bundled entry point (packages/aws/dist/lambda/<name>.mjs) as Lambda
// does: this fresh process, configured by its environment only, imports the
// bundle and calls `handler(event, context)` once, the context's
// `getRemainingTimeInMillis()` counting down from the third argument (no
// context without one). Prints the handler's log lines,
// its result, and the process's peak RSS (VmHWM, which exec resets), a JSON
// line each. Used by the @flowecs/aws tests and the bench's dead-letter run.
//
//   node bench/lambda-invoke.mjs s3|firehose|cloudwatch '<event JSON>' [remaining ms]
import { readFileSync } from 'node:fs';

const [name, event = '{}', remaining] = process.argv.slice(2);
const { handler } = await import(new URL(`../packages/aws/dist/lambda/${name}.mjs`, import.meta.url).href);
const end = Date.now() + Number(remaining);
const context = remaining === undefined ? undefined : { getRemainingTimeInMillis: () => end - Date.now() };
const result = await handler(JSON.parse(event), context);
const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(
  `${JSON.stringify(result)}\n${JSON.stringify({ peakRssBytes: peak === null ? undefined : Number(peak[1]) * 1024 })}\n`,
);
