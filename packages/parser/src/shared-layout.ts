import { createLayout, type FlowLogLayout } from './flow-log-layout';
import type { FlowLogFormat } from './parse-format';

/** Distinct formats kept; a run past it (hostile headers) starts the cache over. */
export const MAX_SHARED_LAYOUTS = 256;

// Every parser of this thread gets one layout object per format, and the
// NDJSON templates compiled for a layout are kept with it (ndjson-template.ts):
// the files of a tree, each with the same header, reuse them.
const layouts = new Map<string, FlowLogLayout>();

/** The layout of `format`, the same object for every parser that asks. */
export function sharedLayout(format: FlowLogFormat): FlowLogLayout {
  const key = format.join(' ');
  let layout = layouts.get(key);
  if (layout === undefined) {
    if (layouts.size >= MAX_SHARED_LAYOUTS) layouts.clear();
    layout = createLayout(format);
    layouts.set(key, layout);
  }
  return layout;
}

/** How many layouts are kept (for tests). */
export const sharedLayoutCount = (): number => layouts.size;
