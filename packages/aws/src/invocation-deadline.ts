/** What the handlers use of Lambda's context object. */
interface DeadlineContext {
  getRemainingTimeInMillis(): number;
}

/** The default time kept between stopping work and the function's timeout (see `deadlineMarginMs`). */
export const DEFAULT_DEADLINE_MARGIN_MS = 10_000;

/** Why work stopped: the invocation reached its deadline (`code` `deadline`). */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
  readonly code = 'deadline';
}

/** The invocation's deadline: its signal aborts `marginMs` before Lambda's timeout. */
export interface InvocationDeadline {
  /** Aborts (reason: a `DeadlineError`) at the deadline; undefined without a Lambda context. */
  readonly signal: AbortSignal | undefined;
  /** Whether the deadline has passed: start no new work then. */
  passed(): boolean;
  /** The failure of an input not started, or stopped, at the deadline. */
  failure(): { readonly code: 'deadline'; readonly message: string };
  /** Stops the timer (at the end of the invocation). */
  dispose(): void;
}

/**
 * Starts watching the deadline of an invocation: `context.getRemainingTimeInMillis()`
 * less the margin, which must cover aborting uploads, logging and answering.
 * The margin is `marginMs`, or by default 10 seconds, or a fifth of the
 * time the invocation has if that is less. Called without a context (a
 * direct call, a test), there is no deadline.
 */
function startDeadline(context: unknown, marginMs: number | undefined): InvocationDeadline {
  const remaining = (context as Partial<DeadlineContext> | null | undefined)?.getRemainingTimeInMillis;
  const left = typeof remaining === 'function' ? Number(remaining.call(context)) : Number.NaN;
  if (!Number.isFinite(left))
    return { signal: undefined, passed: () => false, failure: () => failure(0), dispose: () => undefined };
  const margin = marginMs ?? Math.min(DEFAULT_DEADLINE_MARGIN_MS, Math.floor(left / 5));
  const controller = new AbortController();
  const at = performance.now() + left - margin;
  const abort = () => controller.signal.aborted || controller.abort(deadlineError(margin));
  const timer = setTimeout(abort, Math.max(0, left - margin));
  return {
    signal: controller.signal,
    // The clock, not only the timer: work that never yields to the event loop (in-memory payloads) starves timers.
    passed: () => {
      if (performance.now() >= at) abort();
      return controller.signal.aborted;
    },
    failure: () => failure(margin),
    dispose: () => clearTimeout(timer),
  };
}

function failure(margin: number) {
  return {
    code: 'deadline',
    message: `the invocation reached its deadline (${margin} ms before the function's timeout): not converted, left for a retry`,
  } as const;
}

function deadlineError(margin: number): DeadlineError {
  return new DeadlineError(failure(margin).message);
}

/** The options every handler takes for its deadline. */
export interface DeadlineOptions {
  /**
   * Milliseconds kept before Lambda's timeout to stop cleanly: abort the
   * uploads of the input being converted, report it and every later one as
   * failed, and answer (default: 10 s, or a fifth of the invocation's time if less).
   */
  readonly deadlineMarginMs?: number | undefined;
}

/** Runs an invocation's work with its deadline, whose timer stops when the work does. */
export async function withDeadline<T>(
  context: unknown,
  marginMs: number | undefined,
  work: (deadline: InvocationDeadline) => Promise<T>,
): Promise<T> {
  const deadline = startDeadline(context, marginMs);
  try {
    return await work(deadline);
  } finally {
    deadline.dispose();
  }
}
