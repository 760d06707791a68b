import fc from 'fast-check';

/**
 * Property runs: short and seeded in `pnpm test`; with FLOWECS_FUZZ_SECONDS
 * set (`pnpm fuzz`), each property runs for its share of that time with a
 * fresh seed, and reports how many cases it ran.
 */
export async function runProperty<Values>(name: string, property: fc.IPropertyWithHooks<Values> | fc.IAsyncPropertyWithHooks<Values>, seed: number, shortRuns: number, shareOfTime = 1): Promise<void> {
  const seconds = Number(process.env['FLOWECS_FUZZ_SECONDS'] ?? 0);
  const parameters: fc.Parameters<Values> =
    seconds > 0
      ? { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: seconds * 1000 * shareOfTime, markInterruptAsFailure: false }
      : { seed, numRuns: shortRuns };
  const details = await fc.check(property as fc.IAsyncPropertyWithHooks<Values>, parameters);
  if (seconds > 0) process.stderr.write(`fuzz: ${name}: ${details.numRuns} cases${details.failed ? ' (FAILED)' : ''}\n`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? `${name} failed`);
}

// The seeded runs take about 15 s alone; turbo runs every package's suites at
// once on CI's two cores, where the same runs have taken 80 s.
export const fuzzTimeout = (Number(process.env['FLOWECS_FUZZ_SECONDS'] ?? 0) + 240) * 1000;
