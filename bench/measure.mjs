// How `pnpm bench` (run.mjs) runs a converter: in a subprocess, with its
// wall time, CPU time and peak RSS (bench/rss-probe.mjs).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const probe = fileURLToPath(new URL('rss-probe.mjs', import.meta.url));

/** `measure` runs once; `measureBest`, the fastest of `RUNS` (one in --quick mode). Files go in `work`. */
export function createMeasure(work, quick) {
  // The output of a previous run is removed first, outside the timing: freeing a
  // 700 MB file's pages when it is replaced would otherwise count against
  // whichever converter runs next.
  function clearOutput(args) {
    const flag = args.indexOf('-o');
    const output = flag !== -1 ? args[flag + 1] : args[0].endsWith('baseline.mjs') ? args[2] : undefined;
    if (output !== undefined) rmSync(output, { force: true });
  }

  // `status`: the exit status the run must end with (1 for a run of invalid lines).
  function measure(args, { status = 0, ...options } = {}) {
    clearOutput(args);
    const rssFile = join(work, `rss-${Math.random().toString(36).slice(2)}`);
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--import', probe, ...args], {
      env: { ...process.env, FLOWECS_RSS_FILE: rssFile },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      ...options,
    });
    const seconds = (performance.now() - started) / 1000;
    if (run.status !== status) throw new Error(`${args.join(' ')} failed (${run.status}): ${run.stderr}`);
    const [peak, cpu] = readFileSync(rssFile, 'utf8').split('\n');
    return { seconds, rss: Number(peak) * 1024, cpuSeconds: Number(cpu) / 1e6, stdout: run.stdout, stderr: run.stderr };
  }

  // Shared machines are noisy: whole-process rows take the fastest of a few
  // runs (one in --quick mode), and the highest peak RSS among them.
  const RUNS = quick ? 1 : 3;
  function measureBest(args, options = {}) {
    const runs = Array.from({ length: RUNS }, () => measure(args, options));
    const fastest = runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
    return { ...fastest, rss: Math.max(...runs.map(run => run.rss)) };
  }
  return { measure, measureBest, RUNS };
}

/**
 * Runs that must write the same bytes (the same records, another delivery or
 * --jobs): `agree(group, name)` files the SHA-256 of `output` under the run;
 * `agreements`: group → digest → the runs that wrote it.
 */
export function createAgreements(output) {
  const agreements = new Map();
  function agree(group, name) {
    const digest = createHash('sha256').update(readFileSync(output)).digest('hex');
    if (!agreements.has(group)) agreements.set(group, new Map());
    const digests = agreements.get(group);
    digests.set(digest, [...(digests.get(digest) ?? []), name]);
  }
  return { agree, agreements };
}
