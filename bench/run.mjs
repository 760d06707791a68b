// `pnpm bench [--quick] [--node 22]`: flowecs against a hand-written converter,
// measured in the same run on the same machine. Not a test: it prints figures
// and asserts nothing. Datasets are generated (deterministically) into a
// temporary folder. `--node V` runs the whole bench (both converters) on
// Node.js V, fetched by scripts/fetch-node.mjs.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { writeEnvelopeDataset, writeParquetDataset } from './deliveries.mjs';

const nodeFlag = process.argv.indexOf('--node');
if (nodeFlag !== -1) {
  const { fetchNode } = await import('../scripts/fetch-node.mjs');
  const args = process.argv.slice(2).filter((_, index) => index !== nodeFlag - 2 && index !== nodeFlag - 1);
  const run = spawnSync(fetchNode(process.argv[nodeFlag + 1]), [fileURLToPath(import.meta.url), ...args], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
const quick = process.argv.includes('--quick');
const size = quick ? 50_000 : 1_000_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'apps/cli/bin/flowecs.js');
const probe = join(root, 'bench/rss-probe.mjs');
const work = mkdtempSync(join(tmpdir(), 'flowecs-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const V2_HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V5_HEADER = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags type pkt-srcaddr pkt-dstaddr region az-id sublocation-type sublocation-id pkt-src-aws-service pkt-dst-aws-service flow-direction traffic-path';

// Deterministic records: a small linear congruential generator, not Math.random.
function* records(count, v5) {
  let state = 20261128;
  const next = limit => ((state = (state * 1103515245 + 12345) % 2147483648) % limit);
  for (let index = 0; index < count; index++) {
    const start = 1700000000 + Math.floor(index / 2000) * 60;
    const status = next(50) === 0 ? 'NODATA' : 'OK';
    const base = status === 'OK'
      ? `2 123456789010 eni-0${next(9)}f06a40fc9be596f6 10.0.${next(256)}.${next(256)} 52.${next(256)}.${next(256)}.${next(256)} ${next(65536)} ${[22, 80, 443, 3306][next(4)]} ${[6, 17, 1][next(3)]} ${1 + next(500)} ${40 + next(200000)} ${start} ${start + 60} ${next(5) === 0 ? 'REJECT' : 'ACCEPT'} OK`
      : `2 123456789010 eni-0${next(9)}f06a40fc9be596f6 - - - - - - - ${start} ${start + 60} - NODATA`;
    yield v5 ? `${base.replace(/^2 /, '5 ')} vpc-0abc subnet-0def i-0123456789abcdef0 ${next(32)} IPv4 10.0.0.${next(256)} 52.1.2.${next(256)} eu-west-1 euw1-az${1 + next(3)} - - - S3 ${next(2) ? 'ingress' : 'egress'} ${next(2) ? '-' : String(1 + next(8))}` : base;
  }
}

async function writeDataset(path, header, count, v5) {
  const out = createWriteStream(path);
  out.write(`${header}\n`);
  let chunk = '';
  for (const line of records(count, v5)) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

// The output of a previous run is removed first, outside the timing: freeing a
// 700 MB file's pages when it is replaced would otherwise count against
// whichever converter runs next.
function clearOutput(args) {
  const flag = args.indexOf('-o');
  const output = flag !== -1 ? args[flag + 1] : args[0].endsWith('baseline.mjs') ? args[2] : undefined;
  if (output !== undefined) rmSync(output, { force: true });
}

function measure(args, options = {}) {
  clearOutput(args);
  const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', probe, ...args], { env: { ...process.env, FLOWECS_RSS_FILE: rssFile }, encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
  return { seconds, rss: Number(readFileSync(rssFile, 'utf8')) * 1024, stdout: run.stdout };
}

// Shared machines are noisy: whole-process rows take the fastest of a few
// runs (one in --quick mode), and the highest peak RSS among them.
const RUNS = quick ? 1 : 3;
function measureBest(args) {
  const runs = Array.from({ length: RUNS }, () => measure(args));
  const fastest = runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
  return { ...fastest, rss: Math.max(...runs.map(run => run.rss)) };
}
const runsNote = RUNS === 1 ? 'subprocess, wall time' : `subprocess, wall time, best of ${RUNS}`;

process.stderr.write(`flowecs bench${quick ? ' --quick' : ''}: generating ${size.toLocaleString('en-US')}-line datasets in ${work}\n`);
const v2 = join(work, 'v2.log');
const v5 = join(work, 'v5.log');
const v2gz = join(work, 'v2.log.gz');
await writeDataset(v2, V2_HEADER, size, false);
await writeDataset(v5, V5_HEADER, size, true);
await pipeline(createReadStream(v2), createGzip(), createWriteStream(v2gz));
const parts = join(work, 'parts');
mkdirSync(parts);
const partLines = Math.floor(size / 8);
for (let part = 0; part < 8; part++) await writeDataset(join(parts, `part-${part}.log`), V2_HEADER, partLines, false);

const rows = [];
const baseline = measureBest([join(root, 'bench/baseline.mjs'), v2, join(work, 'baseline.ndjson')]);
const baselineRate = size / baseline.seconds;
const add = (name, lines, seconds, bytes, rss, note = '') => rows.push({ name, rate: lines / seconds, megabytes: bytes / seconds / 1e6, rss, ratio: lines / seconds / baselineRate, note });

for (const [profile, mode, name] of [
  ['standard', 'objects', 'core: parse strings to objects, standard'],
  ['standard', 'bytes', 'core: parse bytes to objects, standard'],
  ['extended', 'objects', 'core: parse strings to objects, extended'],
  ['standard', 'ndjson', 'core: parse bytes + NDJSON, standard'],
  ['extended', 'ndjson', 'core: parse bytes + NDJSON, extended'],
]) {
  const run = measure([join(root, 'bench/core.mjs'), mode, profile, v2]);
  const result = JSON.parse(run.stdout);
  add(name, result.lines, result.seconds, result.bytes, run.rss, 'in-process loop, best of 3');
}
add('baseline: hand-written converter (v2)', size, baseline.seconds, statSync(v2).size, baseline.rss, `readline + split + JSON.stringify${RUNS === 1 ? '' : `, best of ${RUNS}`}`);
for (const [file, name] of [[v2, 'CLI: v2 file to NDJSON file'], [v5, 'CLI: v5 (29 fields) to NDJSON file'], [v2gz, 'CLI: v2 gzip to NDJSON file']]) {
  const run = measureBest([cli, file, '-o', join(work, 'out.ndjson'), '--jobs', '1']);
  add(name, size, run.seconds, statSync(file).size, run.rss, runsNote);
}
const gzipRatio = rows.at(-3).rate / rows.at(-1).rate;
for (const jobs of [1, 2]) {
  const run = measureBest([cli, parts, '-o', join(work, 'out.ndjson'), '--jobs', String(jobs)]);
  add(`CLI: 8 files, --jobs ${jobs}`, partLines * 8, run.seconds, partLines * 8 * 115, run.rss, runsNote);
}
const jobsRatio = rows.at(-1).rate / rows.at(-2).rate;

// Deliveries: the same v2 records as Parquet, and as CloudWatch Logs envelopes.
const parquet = join(work, 'v2.log.parquet');
const envelopes = join(work, 'v2.envelopes');
await writeParquetDataset(v2, parquet);
await writeEnvelopeDataset(v2, envelopes);
for (const [file, name] of [[parquet, 'CLI: v2 as Parquet to NDJSON file'], [envelopes, 'CLI: v2 as CloudWatch envelopes (gzip)']]) {
  const run = measureBest([cli, file, '-o', join(work, 'out.ndjson'), '--jobs', '1']);
  add(name, size, run.seconds, statSync(file).size, run.rss, runsNote);
}
const rateOf = name => rows.find(row => row.name === name).rate;
const parquetRatio = rateOf('CLI: v2 as Parquet to NDJSON file') / rateOf('CLI: v2 file to NDJSON file');
const envelopeRatio = rateOf('CLI: v2 as CloudWatch envelopes (gzip)') / rateOf('CLI: v2 gzip to NDJSON file');
// Memory of a large envelope object (about 100 MB, 5M records, in the full run).
const bigEnvelopes = join(work, 'big.envelopes');
const bigRecords = await writeEnvelopeDataset(v2, bigEnvelopes, 1000, quick ? 1 : 5);
const bigEnvelopeRun = measure([cli, bigEnvelopes, '-o', join(work, 'out.ndjson')]);

// Memory is flat in input size: five times the lines.
const five = join(work, 'v2x5.log');
await writeDataset(five, V2_HEADER, size * 5, false);
const big = measure([cli, five, '-o', join(work, 'out.ndjson'), '--jobs', '1']);
const rssGrowth = big.rss / rows.find(row => row.name === 'CLI: v2 file to NDJSON file').rss;

const adversarial = JSON.parse(measure([join(root, 'bench/adversarial.mjs')]).stdout).rows;

const pad = (text, width) => String(text).padEnd(width);
const number = value => Math.round(value).toLocaleString('en-US');
console.log(`\nflowecs bench (${size.toLocaleString('en-US')} lines; node ${process.version}; ${new Date().toISOString()})\n`);
console.log(`${pad('row', 42)}${pad('lines/s', 13)}${pad('MB/s', 9)}${pad('peak RSS', 11)}${pad('× baseline', 12)}note`);
for (const row of rows) {
  console.log(`${pad(row.name, 42)}${pad(number(row.rate), 13)}${pad(row.megabytes.toFixed(1), 9)}${pad(`${Math.round(row.rss / 1048576)} MB`, 11)}${pad(row.ratio.toFixed(2), 12)}${row.note}`);
}
console.log(`\ngzip cost: ${gzipRatio.toFixed(2)}× plain input time (target ≤ 1.3)`);
console.log(`--jobs 2 over --jobs 1 on 8 files: ${jobsRatio.toFixed(2)}× (target ≥ 1.6)`);
console.log(`Parquet: ${parquetRatio.toFixed(2)}× the text speed for the same records (target ≥ 0.5); peak RSS ${Math.round(rows.find(row => row.name === 'CLI: v2 as Parquet to NDJSON file').rss / 1048576)} MB for ${size.toLocaleString('en-US')} rows (target ≤ 150 MB)`);
console.log(`CloudWatch envelopes (gzip members): ${envelopeRatio.toFixed(2)}× the gzip text speed (target ≥ 0.7); peak RSS ${Math.round(bigEnvelopeRun.rss / 1048576)} MB for a ${(statSync(bigEnvelopes).size / 1e6).toFixed(0)} MB object of ${bigRecords.toLocaleString('en-US')} records (target ≤ 150 MB)`);
console.log(`peak RSS, ${(size * 5).toLocaleString('en-US')} lines vs ${size.toLocaleString('en-US')}: ${Math.round(big.rss / 1048576)} MB vs ${Math.round(rows.find(row => row.name === 'CLI: v2 file to NDJSON file').rss / 1048576)} MB (${((rssGrowth - 1) * 100).toFixed(1)}% more; target ≤ 10%)`);
console.log('\nadversarial lines (time per character must stay flat as lines grow ×100):');
for (const row of adversarial) console.log(`  ${pad(row.name, 16)}${pad(`${row.length.toLocaleString('en-US')} chars`, 16)}${row.nanosecondsPerCharacter.toFixed(2)} ns/char`);
