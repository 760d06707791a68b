// `pnpm test:node 22 24`: the whole suite (`pnpm test`: build, type checks,
// lint, tests, packaging checks, bench smoke run) once per Node.js version,
// one after another, each with a Node fetched by scripts/fetch-node.mjs.
// Turbo's cache does not know the Node version, so each pass runs in full.
import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';
import { fetchNode } from './fetch-node.mjs';

const versions = process.argv.slice(2);
if (versions.length === 0) {
  console.error('usage: node scripts/test-on-node.mjs <major|x.y.z>...');
  process.exit(2);
}
const results = [];
for (const version of versions) {
  const node = fetchNode(version);
  const actual = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`\n=== pnpm test on Node.js ${actual} ===\n`);
  const started = Date.now();
  const run = spawnSync('npx', ['--yes', 'pnpm@10', 'test'], {
    stdio: 'inherit',
    env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH}`, TURBO_FORCE: 'true' },
  });
  results.push({ actual, status: run.status ?? 1, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('');
for (const { actual, status, seconds } of results)
  console.log(`pnpm test on Node.js ${actual}: ${status === 0 ? 'passed' : `FAILED (exit ${status})`} in ${seconds} s`);
process.exit(results.every(result => result.status === 0) ? 0 : 1);
