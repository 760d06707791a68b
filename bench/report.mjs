// How `pnpm bench` (run.mjs) prints what it measured: the table of rows,
// whether outputs agree, the comparison with another build, --jobs, the
// Lambda load run and the adversarial lines.

const pad = (text, width) => String(text).padEnd(width);
const number = value => Math.round(value).toLocaleString('en-US');

/** The rows, as a table: each column as wide as its widest cell. */
export function printTable(rows, size) {
  console.log(
    `\nflowecs bench (${size.toLocaleString('en-US')} lines; node ${process.version}; ${new Date().toISOString()})\n`,
  );
  const table = [
    ['row', 'mix', 'lines/s', 'MB/s', 'peak RSS', '× per-line', '× batched', 'note'],
    ...rows.map(row => [
      row.name,
      row.mix,
      number(row.rate),
      row.megabytes.toFixed(1),
      `${Math.round(row.rss / 1048576)} MB`,
      row.ratio.toFixed(2),
      row.batchedRatio.toFixed(2),
      row.note,
    ]),
  ];
  // Each column as wide as its widest cell, two spaces apart: nothing runs together.
  const widths = table[0].map((_, column) => Math.max(...table.map(cells => cells[column].length)));
  for (const cells of table)
    console.log(
      cells
        .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] + 2)))
        .join('')
        .trimEnd(),
    );
}

/** Whether the runs of each group wrote the same bytes; false (and says so) when they did not. */
export function printAgreements(agreements) {
  const disagreements = [...agreements].filter(([, digests]) => digests.size > 1);
  for (const [group, digests] of disagreements)
    console.log(`\nOUTPUTS DIFFER (${group}): ${[...digests.values()].map(names => names.join(', ')).join(' | ')}`);
  if (disagreements.length > 0) return false;
  console.log(
    `\noutputs agree: ${[...agreements].map(([group, digests]) => `${group} (${[...digests.values()][0].length} runs)`).join('; ')}`,
  );
  return true;
}

/** Each row against the same row on another build (`--against REF`). */
export function printAgainst(rows, previous) {
  if (previous === undefined) return;
  console.log(`\nagainst ${previous.ref} (the same rows on its build, this run; ≥ 1 is no slower):`);
  for (const row of rows) {
    const before = rows.find(other => other.name === `${row.name} [${previous.ref}]` && other.mix === row.mix);
    if (before !== undefined) console.log(`  ${row.name} (${row.mix}): ${(row.rate / before.rate).toFixed(2)}×`);
  }
}

/** --jobs: the speed-up, CPU per line, and a projection to more cores. */
export function printJobs(jobsRows, jobsLines) {
  const jobsRatio = (label, jobs) =>
    jobsRows.find(row => row.label === label && row.jobs === 1).seconds /
    jobsRows.find(row => row.label === label && row.jobs === jobs).seconds;
  console.log('--jobs (blocks of lines parsed on worker threads; output identical to --jobs 1):');
  for (const label of [...new Set(jobsRows.map(row => row.label))]) {
    const two = jobsRows.find(row => row.label === label && row.jobs === 2);
    const three = jobsRows.find(row => row.label === label && row.jobs === 3);
    console.log(
      `  ${label}: --jobs 2 ${jobsRatio(label, 2).toFixed(2)}× --jobs 1 (target ≥ 1.4), --jobs 3 ${jobsRatio(label, 3).toFixed(2)}×; peak RSS with --jobs 2 ${Math.round(two.rss / 1048576)} MB (target ≤ 250 MB)`,
    );
    for (const row of jobsRows.filter(entry => entry.label === label))
      console.log(
        `    --jobs ${row.jobs}: ${(row.cpuPerLine * 1e6).toFixed(2)} µs CPU per line (all threads), main thread ${(row.mainPerLine * 1e6).toFixed(2)} µs per line`,
      );
    // Projection: workers share the parsing, the main thread reads, cuts and writes: time per line ≥ its share.
    const one = jobsRows.find(row => row.label === label && row.jobs === 1);
    const parsing = three.cpuPerLine - three.mainPerLine;
    const projected = cores => one.seconds / jobsLines / Math.max(three.mainPerLine, parsing / (cores - 1));
    console.log(
      `    projected --jobs N on N+1 cores: ${[4, 8, 16].map(cores => `${cores} cores ${projected(cores).toFixed(1)}×`).join(', ')} (bound: the main thread, ${(three.mainPerLine * 1e6).toFixed(2)} µs per line)`,
    );
  }
}

/** The Lambda load run, and what a billion records would cost. */
export function printLambdaLoad({ node, loadRows, deadLetters }) {
  // Lambda on arm64, us-east-1, 2026: $0.0000133334 per GB-second, $0.20 per million requests.
  // CPU-bound at one vCPU (1,769 MB), billed time is about CPU time.
  const GB_SECOND = 0.0000133334;
  const perRecord = loadRows[0].cpuMicrosecondsPerRecord / 1e6;
  const lambdaCost = 1e9 * perRecord * (1769 / 1024) * GB_SECOND;
  const requestCost = (1e9 / (loadRows[0].records / loadRows[0].objects) / 5) * 0.2e-6;
  console.log(
    `\nLambda load run on Node.js ${node} (${loadRows[0].objects} objects of ${(loadRows[0].records / loadRows[0].objects).toLocaleString('en-US')} lines, gzip, diverse mix; batches of 5; s3rver on the same cores):`,
  );
  for (const row of loadRows) {
    console.log(
      `  concurrency ${row.concurrency}: ${row.objectsPerSecond.toFixed(1)} objects/s, ${number(row.recordsPerSecond)} records/s, ${row.cpuMicrosecondsPerRecord.toFixed(2)} µs CPU per record; output ${row.outputRecords.toLocaleString('en-US')} records in ${row.outputObjects} objects: ${row.complete ? 'all input records' : 'NOT the input records'}${row.failures > 0 ? `, ${row.failures} failed messages` : ''}`,
    );
  }
  console.log(
    `  Lambda cost per billion records (arm64, 1,769 MB = 1 vCPU, billed ≈ CPU time): $${(lambdaCost + requestCost).toFixed(2)} ($${lambdaCost.toFixed(2)} compute, $${requestCost.toFixed(3)} requests; S3 and SQS requests extra)`,
  );
  const { lines, valid, invalid } = deadLetters;
  const perLine = run => (run.ms * 1000) / lines;
  console.log(
    `  dead letters, one object of ${lines.toLocaleString('en-US')} lines in s3.mjs: all invalid (a wrong FLOWECS_FORMAT) ${perLine(invalid).toFixed(1)} µs/line, ${(perLine(invalid) / perLine(valid)).toFixed(2)}× a valid line (target ≤ 2); peak RSS ${Math.round(invalid.peakRssBytes / 1048576)} MB, valid ${Math.round(valid.peakRssBytes / 1048576)} MB (target: no higher)`,
  );
}

/** Time per character as adversarial lines grow. */
export function printAdversarial(adversarial) {
  console.log('\nadversarial lines (time per character must stay flat as lines grow ×100):');
  for (const row of adversarial)
    console.log(
      `  ${pad(row.name, 16)}${pad(`${row.length.toLocaleString('en-US')} chars`, 16)}${row.nanosecondsPerCharacter.toFixed(2)} ns/char`,
    );
}
