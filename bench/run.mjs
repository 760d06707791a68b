// `pnpm bench [--quick] [--node 22] [--against REF]`: flowecs against a hand-written converter,
// measured in the same run on the same machine. Not a test: it prints figures
// and asserts nothing. Datasets are generated (deterministically) into a
// temporary folder. `--node V` runs the whole bench (both converters) on
// Node.js V, fetched by scripts/fetch-node.mjs.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { writeDataset } from './datasets.mjs';
import { writeEnvelopeDataset, writeParquetDataset, writeTreeDataset } from './deliveries.mjs';
import { createAgreements, createMeasure } from './measure.mjs';
import { measureInterfaces } from './interfaces.mjs';
import { measureInvalidLines } from './invalid-lines.mjs';
import { runLambdaSections } from './lambda-runs.mjs';
import { previousBuild } from './previous-build.mjs';
import { YARDSTICKS, measureYardsticks } from './yardsticks.mjs';
import { printTargets } from './targets.mjs';
import { printAdversarial, printAgainst, printAgreements, printLambdaLoad, printTable } from './report.mjs';

const nodeFlag = process.argv.indexOf('--node');
if (nodeFlag !== -1) {
  const { fetchNode } = await import('../scripts/fetch-node.mjs');
  const args = process.argv.slice(2).filter((_, index) => index !== nodeFlag - 2 && index !== nodeFlag - 1);
  const run = spawnSync(fetchNode(process.argv[nodeFlag + 1]), [fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
  });
  process.exit(run.status ?? 1);
}
const quick = process.argv.includes('--quick');
const size = quick ? 50_000 : 1_000_000;
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'apps/cli/bin/flowecs.js');
const work = mkdtempSync(join(tmpdir(), 'flowecs-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const { measure, measureBest, RUNS } = createMeasure(work, quick);
const runsNote = RUNS === 1 ? 'subprocess, wall time' : `subprocess, wall time, best of ${RUNS}`;

const previous = previousBuild(root, work, process.argv);
process.stderr.write(
  `flowecs bench${quick ? ' --quick' : ''}: generating ${size.toLocaleString('en-US')}-line datasets in ${work}\n`,
);
// The headline is the diverse mix (bench/datasets.mjs); the friendly set is
// the best case, kept to compare with earlier figures.
const v2 = join(work, 'friendly-v2.log');
const diverse = join(work, 'diverse-v2.log');
const diverse5 = join(work, 'diverse-v5.log');
const diverseGz = join(work, 'diverse-v2.log.gz');
await writeDataset(v2, 'friendly', size);
await writeDataset(diverse, 'diverse', size);
await writeDataset(diverse5, 'diverse', size, true);
await pipeline(createReadStream(diverse), createGzip(), createWriteStream(diverseGz));
// --jobs: one 1.6M-line file, and 8 files of 200k lines, 4 of them gzip (a tenth in --quick mode).
const jobsLines = quick ? 160_000 : 1_600_000;
const jobsFile = join(work, 'diverse-jobs.log');
await writeDataset(jobsFile, 'diverse', jobsLines);
const parts = join(work, 'parts');
mkdirSync(parts);
const partLines = jobsLines / 8;
for (let part = 0; part < 8; part++) {
  const path = join(parts, `part-${part}.log`);
  await writeDataset(path, 'diverse', partLines);
  if (part % 2 === 1) {
    await pipeline(createReadStream(path), createGzip(), createWriteStream(`${path}.gz`));
    rmSync(path);
  }
}

const rows = [];
const { agree, agreements } = createAgreements(join(work, 'out.ndjson'));
// The yardsticks, on each mix: every ratio is against the same mix.
const baselines = measureYardsticks({
  root,
  work,
  mixes: [
    ['diverse', diverse],
    ['friendly', v2],
  ],
  size,
  measureBest,
  agree,
});
const add = (name, mix, lines, seconds, bytes, rss, note = '') =>
  rows.push({
    name,
    mix,
    rate: lines / seconds,
    megabytes: bytes / seconds / 1e6,
    rss,
    ratio: lines / seconds / baselines[mix]['per-line'].rate,
    batchedRatio: lines / seconds / baselines[mix].batched.rate,
    note,
  });

for (const [profile, mode, mix, name] of [
  ['standard', 'objects', 'diverse', 'core: strings to objects, standard'],
  ['standard', 'objects', 'friendly', 'core: strings to objects, standard'],
  ['standard', 'split-build', 'diverse', 'baseline: hand-written split-and-build (objects)'],
  ['standard', 'bytes', 'diverse', 'core: bytes to objects, standard'],
  ['standard', 'bytes', 'friendly', 'core: bytes to objects, standard'],
  ['extended', 'objects', 'diverse', 'core: strings to objects, extended'],
  ['standard', 'ndjson', 'diverse', 'core: bytes to NDJSON, standard'],
  ['standard', 'ndjson', 'friendly', 'core: bytes to NDJSON, standard'],
  ['extended', 'ndjson', 'diverse', 'core: bytes to NDJSON, extended'],
  ['ocsf', 'ndjson', 'diverse', 'core: bytes to NDJSON, OCSF'],
]) {
  const file = baselines[mix].file;
  for (const build of [{ root }, ...(previous === undefined || mode === 'split-build' ? [] : [previous])]) {
    const run = measure([join(build.root, 'bench/core.mjs'), mode, profile, file]);
    const result = JSON.parse(run.stdout);
    const label = build.ref === undefined ? name : `${name} [${build.ref}]`;
    add(label, mix, result.lines, result.seconds, result.bytes, run.rss, 'in-process loop, best of 3');
  }
}
for (const mix of ['diverse', 'friendly'])
  for (const [mode, name, note] of YARDSTICKS) {
    const run = baselines[mix][mode];
    add(
      name,
      mix,
      size,
      run.seconds,
      statSync(baselines[mix].file).size,
      run.rss,
      RUNS === 1 ? note : `${note}, best of ${RUNS}`,
    );
  }
for (const [file, mix, name, extra] of [
  [diverse, 'diverse', 'CLI: v2 file to NDJSON file', []],
  [diverse5, 'diverse', 'CLI: v5 (29 fields, header) to NDJSON', []],
  [diverseGz, 'diverse', 'CLI: v2 gzip to NDJSON file', []],
  [diverse, 'diverse', 'CLI: v2 file, --extended', ['--extended']],
  [diverse, 'diverse', 'CLI: v2 file, --profile ocsf', ['--profile', 'ocsf']],
  [v2, 'friendly', 'CLI: v2 file to NDJSON file', []],
]) {
  const run = measureBest([cli, file, '-o', join(work, 'out.ndjson'), '--jobs', '1', ...extra]);
  add(name, mix, size, run.seconds, statSync(file).size, run.rss, runsNote);
  if (file !== diverse5 && mix === 'diverse')
    agree(extra.length === 0 ? 'diverse v2, standard' : extra.join(' '), name);
  if (previous !== undefined) {
    const before = measureBest([
      join(previous.root, 'apps/cli/bin/flowecs.js'),
      file,
      '-o',
      join(work, 'out.ndjson'),
      '--jobs',
      '1',
      ...extra,
    ]);
    add(`${name} [${previous.ref}]`, mix, size, before.seconds, statSync(file).size, before.rss, runsNote);
    if (file !== diverse5 && mix === 'diverse')
      agree(extra.length === 0 ? 'diverse v2, standard' : extra.join(' '), `${name} [${previous.ref}]`);
  }
}
// Options the previous build may not have: the current build only. The filter keeps 9.3% of
// the diverse mix (rejected connections to service ports). Enrichment uses MaxMind's test
// databases (../shared): the diverse mix's addresses rarely repeat, so the cache rarely hits.
const WHERE = 'action == "REJECT" and dstport in [22, 80, 443, 3306, 5432]';
const databases = fileURLToPath(new URL('../../shared/fixtures/geoip/test-data/', import.meta.url));
const enrichment = ['--geoip', `${databases}GeoLite2-City-Test.mmdb`, '--asn', `${databases}GeoLite2-ASN-Test.mmdb`];
for (const [name, extra] of [
  ['CLI: v2 file, --where (drops 90%)', ['--where', WHERE]],
  ...(existsSync(databases) ? [['CLI: v2 file, --extended --geoip --asn', ['--extended', ...enrichment]]] : []),
]) {
  const run = measureBest([cli, diverse, '-o', join(work, 'out.ndjson'), '--jobs', '1', ...extra]);
  add(name, 'diverse', size, run.seconds, statSync(diverse).size, run.rss, runsNote);
}
const interfaces = await measureInterfaces({ cli, work, diverse, size, measureBest, add, runsNote });
const rowOf = (name, mix = 'diverse') => rows.find(row => row.name === name && row.mix === mix);
// --jobs 1, 2 and 3: wall time, CPU time per line (all threads) and the main
// thread's busy time per line (from --stats), which bounds the speed-up.
const jobsRows = [];
for (const [input, label] of [
  [jobsFile, `one ${jobsLines.toLocaleString('en-US')}-line file`],
  [parts, `8 files of ${partLines.toLocaleString('en-US')} lines (4 gzip)`],
]) {
  for (const jobs of [1, 2, 3]) {
    const run = measureBest([cli, input, '-o', join(work, 'out.ndjson'), '--jobs', String(jobs), '--stats']);
    agree(label, `--jobs ${jobs}`);
    const main = /main thread busy ([\d.]+) s/.exec(run.stderr);
    add(`CLI: ${label}, --jobs ${jobs}`, 'diverse', jobsLines, run.seconds, statSync(jobsFile).size, run.rss, runsNote);
    jobsRows.push({
      label,
      jobs,
      seconds: run.seconds,
      rss: run.rss,
      cpuPerLine: run.cpuSeconds / jobsLines,
      mainPerLine: main === null ? run.cpuSeconds / jobsLines : Number(main[1]) / jobsLines,
    });
  }
}
const { dashRun } = await measureInvalidLines({ cli, work, size, measure, measureBest, add, runsNote });

// Deliveries: the same v2 records as Parquet, as CloudWatch Logs envelopes, and as an `aws s3 sync` tree.
const parquet = join(work, 'v2.log.parquet');
const envelopes = join(work, 'v2.envelopes');
const tree = join(work, 'v2-tree');
await writeParquetDataset(diverse, parquet);
await writeEnvelopeDataset(diverse, envelopes);
const treeData = writeTreeDataset(diverse, tree);
for (const [file, name, bytes = statSync(file).size] of [
  [parquet, 'CLI: v2 as Parquet to NDJSON file'],
  [envelopes, 'CLI: v2 as CloudWatch envelopes (gzip)'],
  [tree, `CLI: v2 as a tree of ${treeData.files.toLocaleString('en-US')} gzip files`, treeData.bytes],
]) {
  const run = measureBest([cli, file, '-o', join(work, 'out.ndjson'), '--jobs', '1']);
  add(name, 'diverse', size, run.seconds, bytes, run.rss, runsNote);
  agree('diverse v2, standard', name);
}
// Memory of a large envelope object (about 100 MB, 5M records, in the full run).
const bigEnvelopes = join(work, 'big.envelopes');
const bigRecords = await writeEnvelopeDataset(diverse, bigEnvelopes, 1000, quick ? 1 : 5);
const bigEnvelopeRun = measure([cli, bigEnvelopes, '-o', join(work, 'out.ndjson')]);

// Memory is flat in input size: four times the lines.
const four = join(work, 'diverse-v2x4.log');
await writeDataset(four, 'diverse', size * 4);
const big = measure([cli, four, '-o', join(work, 'out.ndjson'), '--jobs', '1']);

const adversarial = JSON.parse(measure([join(root, 'bench/adversarial.mjs')]).stdout).rows;

// The Lambda sections: handler instances draining a queue of objects held in s3rver, and dead letters.
const lambdaRuns = runLambdaSections(quick);

printTable(rows, size);
if (!printAgreements(agreements)) process.exitCode = 1;
printAgainst(rows, previous);
if (quick) {
  // A smoke run on a busy machine measures nothing worth judging.
  console.log('quick run: every row ran; the targets are judged by the full run (`pnpm bench`).');
}
if (!quick)
  printTargets({
    rowOf,
    size,
    interfaces,
    dashRun,
    jobsRows,
    jobsLines,
    bigEnvelopes,
    bigRecords,
    bigEnvelopeRun,
    big,
    rows,
  });
for (const run of lambdaRuns) printLambdaLoad(run);
printAdversarial(adversarial);
