// The yardsticks of `pnpm bench` (issue 29): each mix converted by hand
// (bench/baseline.mjs) one `write` an event and 1,000 events a `write`, and
// the floor, the lines read and written back without parsing. Every flowecs
// row is reported against the first two, measured in the same run.
import { join } from 'node:path';

export const YARDSTICKS = [
  ['per-line', 'baseline: hand-written converter (v2), a write per event', 'readline + split + JSON.stringify'],
  ['batched', 'baseline: hand-written converter (v2), 1,000 events a write', 'the same, batched writes'],
  ['floor', 'floor: lines read and written back, 1,000 a write', 'readline, no parsing'],
];

/** Runs each yardstick on each mix; `agree` checks that both converters wrote the same bytes. */
export function measureYardsticks({ root, work, mixes, size, measureBest, agree }) {
  const yardsticks = {};
  for (const [mix, file] of mixes) {
    yardsticks[mix] = { file };
    for (const [mode] of YARDSTICKS) {
      // The converters' output where `agree` reads it; the floor's apart.
      const output = join(work, mode === 'floor' ? 'floor.log' : 'out.ndjson');
      const run = measureBest([join(root, 'bench/baseline.mjs'), file, output, mode]);
      if (mode !== 'floor') agree(`hand-written converters, ${mix}`, mode);
      yardsticks[mix][mode] = { ...run, rate: size / run.seconds };
    }
  }
  return yardsticks;
}
