// The Lambda sections of `pnpm bench`: the load run (lambda-load.mjs) and the
// dead-letter run (lambda-dead-letters.mjs), on this Node.js and on Node.js 22,
// the runtime the constructs deploy (fetched by scripts/fetch-node.mjs; the
// quick run uses this Node.js only).
import { spawnSync } from 'node:child_process';
import { fetchNode } from '../scripts/fetch-node.mjs';

/** Runs a bench script with `node`, and parses its JSON lines. */
function jsonLines(node, script, quick) {
  const run = spawnSync(node, [new URL(script, import.meta.url).pathname, ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (run.status !== 0) throw new Error(`${script} failed on ${node} (${run.status})`);
  return run.stdout
    .trim()
    .split('\n')
    .map(line => JSON.parse(line));
}

/** `[{ node, loadRows, deadLetters }]`, one per Node.js version. */
export function runLambdaSections(quick) {
  const nodes = [process.execPath];
  if (!quick && process.versions.node.split('.')[0] !== '22') nodes.push(fetchNode(22));
  return nodes.map(node => {
    const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
    return {
      node: version,
      loadRows: jsonLines(node, './lambda-load.mjs', quick),
      deadLetters: jsonLines(node, './lambda-dead-letters.mjs', quick)[0],
    };
  });
}
