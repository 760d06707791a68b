// The targets `pnpm bench` judges (full runs only), each a ratio of rows
// measured in the same run (issues 23, 25–27 and 29).
import { statSync } from 'node:fs';
import { printJobs } from './report.mjs';

const MB = 1048576;
const times = value => `${value.toFixed(2)}×`;

export function printTargets({
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
}) {
  const cli = rowOf('CLI: v2 file to NDJSON file');
  const friendly = rowOf('CLI: v2 file to NDJSON file', 'friendly');
  const floor = rowOf('floor: lines read and written back, 1,000 a write');
  const ratio = name => rowOf(name).rate / cli.rate;
  const lines = [
    `CLI, standard, diverse mix: ${times(cli.batchedRatio)} the batched hand-written converter (target ≥ 4), ${times(cli.ratio)} the per-line one; ${times(floor.rate / cli.rate)} the floor's time (target ≤ 2.5)`,
    `CLI, standard, friendly set: ${times(friendly.batchedRatio)} the batched hand-written converter, ${times(friendly.ratio)} the per-line one`,
    `CLI, gzip input vs plain: ${times(rowOf('CLI: v2 gzip to NDJSON file').rate / cli.rate)} (target ≥ 0.95)`,
    `CLI, extended vs standard: ${times(ratio('CLI: v2 file, --extended'))} (target ≥ 0.6)`,
    `CLI, OCSF vs standard: ${times(ratio('CLI: v2 file, --profile ocsf'))} (target ≥ 0.5)`,
    `CLI, --where dropping 90% vs converting all: ${times(ratio('CLI: v2 file, --where (drops 90%)'))} faster (target ≥ 3)`,
  ];
  const geoip = rowOf('CLI: v2 file, --extended --geoip --asn');
  if (geoip !== undefined)
    lines.push(
      `CLI, --extended --geoip --asn vs --extended: ${times(geoip.rate / rowOf('CLI: v2 file, --extended').rate)} (target ≥ 0.5)`,
    );
  lines.push(
    `CLI, --extended --interfaces (100,000) vs --extended: ${times(interfaces.ratio)} (target ≥ 0.8), peak RSS ${Math.round(interfaces.rss / MB)} MB; start-up ${interfaces.startup.toFixed(2)} s for ${interfaces.megabytes[0].toFixed(0)} MB as the AWS CLI prints them (target < 1 s), ${interfaces.queryStartup.toFixed(2)} s for ${interfaces.megabytes[1].toFixed(0)} MB kept by --query`,
    `core, strings to objects, diverse mix: ${times(rowOf('core: strings to objects, standard').rate / rowOf('baseline: hand-written split-and-build (objects)').rate)} a hand-written split-and-build that validates nothing (target ≥ 2)`,
    `invalid lines: a wrong --format costs ${times(cli.rate / rowOf('CLI: v2, wrong --format (all invalid)').rate)} a valid line (target ≤ 2); ${(size * 2).toLocaleString('en-US')} "-" lines with --jobs 2 peak at ${Math.round(dashRun.rss / MB)} MB (target ≤ 250 MB)`,
  );
  console.log(`\n${lines.join('\n')}`);
  printJobs(jobsRows, jobsLines);
  const parquet = rowOf('CLI: v2 as Parquet to NDJSON file');
  console.log(
    `Parquet: ${times(parquet.rate / cli.rate)} the text speed for the same records (target ≥ 0.6); peak RSS ${Math.round(parquet.rss / MB)} MB for ${size.toLocaleString('en-US')} rows (target ≤ 150 MB)`,
  );
  console.log(
    `CloudWatch envelopes (gzip members): ${times(rowOf('CLI: v2 as CloudWatch envelopes (gzip)').rate / rowOf('CLI: v2 gzip to NDJSON file').rate)} the gzip text speed (target ≥ 0.7); peak RSS ${Math.round(bigEnvelopeRun.rss / MB)} MB for a ${(statSync(bigEnvelopes).size / 1e6).toFixed(0)} MB object of ${bigRecords.toLocaleString('en-US')} records (target ≤ 150 MB)`,
  );
  const tree = rows.find(row => row.name.startsWith('CLI: v2 as a tree of'));
  console.log(
    `aws s3 sync tree (${tree.name.slice(11)}): ${times(tree.rate / rowOf('CLI: v2 gzip to NDJSON file').rate)} the speed of the same records in one gzip file (no target); peak RSS ${Math.round(tree.rss / MB)} MB`,
  );
  console.log(
    `peak RSS, one job: ${Math.round(cli.rss / MB)} MB for ${size.toLocaleString('en-US')} lines, ${Math.round(big.rss / MB)} MB for ${(size * 4).toLocaleString('en-US')} (target ≤ 100 MB, flat: ${((big.rss / cli.rss - 1) * 100).toFixed(1)}% more)`,
  );
}
