import type { FlowLogLayout } from './flow-log-layout';

// The byte lane's per-line scratch and per-layout plans (write-standard-bytes.ts,
// read-known-layout.ts): token bounds and values of the line being checked.
export const MAX_FIELDS = 128;
export const starts = new Int32Array(MAX_FIELDS);
export const ends = new Int32Array(MAX_FIELDS);
/** Per position: -1 absent, -2 present (text), otherwise the number or code. */
export const values = new Float64Array(MAX_FIELDS);
export const ABSENT = -1;
export const PRESENT = -2;

export function present(field: number): number {
  return field >= 0 && values[field] !== ABSENT ? field : -1;
}

export function valueAt(field: number): number {
  return field < 0 ? ABSENT : values[field]!;
}

export interface Plan {
  readonly source: number;
  readonly destination: number;
  readonly sourcePort: number;
  readonly destinationPort: number;
  readonly bytes: number;
  readonly packets: number;
  readonly protocol: number;
  readonly start: number;
  readonly end: number;
  readonly action: number;
  readonly status: number;
  readonly account: number;
  readonly interface: number;
  /** The tokens after COMPLETE_HEAD's and COMPLETE_TAIL's fragments (writeCompleteTraffic). */
  readonly completeHead: Int32Array;
  readonly completeTail: Int32Array;
  /** For guessed layouts: the prefix or words a string field must match. */
  readonly shapes: readonly ({ readonly bytes: Uint8Array; readonly exact: boolean }[] | undefined)[];
}

export const plans = new WeakMap<FlowLogLayout, Plan>();
// Lines of a file share one layout: the last plan saves a WeakMap lookup per line.
let lastLayout: FlowLogLayout | undefined;
let lastPlan: Plan | undefined;
const encoder = new TextEncoder();

export function planFor(layout: FlowLogLayout): Plan {
  if (layout === lastLayout) return lastPlan!;
  let plan = plans.get(layout);
  if (plan !== undefined) {
    lastLayout = layout;
    lastPlan = plan;
    return plan;
  }
  const position = (key: string) => layout.keys.indexOf(key);
  const fields = {
    source: position('srcaddr'),
    destination: position('dstaddr'),
    sourcePort: position('srcport'),
    destinationPort: position('dstport'),
    bytes: position('bytes'),
    packets: position('packets'),
    protocol: position('protocol'),
    start: position('start'),
    end: position('end'),
    action: position('action'),
    status: position('log_status'),
    account: position('account_id'),
    interface: position('interface_id'),
  };
  plan = {
    ...fields,
    completeHead: Int32Array.of(fields.destination, fields.destination, fields.destinationPort, fields.protocol),
    completeTail: Int32Array.of(fields.source, fields.bytes, fields.source, fields.packets, fields.sourcePort),
    shapes: layout.fields.map(definition => {
      const shape = definition.shape;
      if (shape === undefined || definition.type !== 'string') return undefined;
      return 'prefix' in shape ? [{ bytes: encoder.encode(shape.prefix), exact: false }] : shape.oneOf.map(word => ({ bytes: encoder.encode(word), exact: true }));
    }),
  };
  plans.set(layout, plan);
  return plan;
}

