import type { FlowLogParseError } from '@flowecs/parser';
import type { InvalidLinePolicy } from './flow-log-stream-options';

/**
 * Applies a stream's invalid-line policy. A policy function that returns a
 * promise (its sink is full) holds the parsing until the promise settles:
 * dead letters are written with backpressure, so millions of invalid lines
 * (a wrong format) take the memory of a few.
 */
export class InvalidLineGate {
  readonly #policy: InvalidLinePolicy;
  readonly #emit: (error: FlowLogParseError) => void;
  /** Goes on parsing once every promise has settled. */
  readonly #resume: () => void;
  #waiting = 0;
  #afterWaiting: (() => void) | undefined;
  /** Set when the policy fails the stream: `'error'`, a function that threw, a promise that rejected. */
  failure: Error | undefined;

  constructor(policy: InvalidLinePolicy, emit: (error: FlowLogParseError) => void, resume: () => void) {
    this.#policy = policy;
    this.#emit = emit;
    this.#resume = resume;
  }

  /** Whether a promise of the policy has not settled yet: parse nothing then. */
  get waiting(): boolean {
    return this.#waiting > 0;
  }

  /** Reports an invalid line. False when parsing must stop: a failure, or a promise to wait for. */
  report(error: FlowLogParseError): boolean {
    const policy = this.#policy;
    if (policy === 'skip') return true;
    if (policy === 'emit') {
      this.#emit(error);
      return true;
    }
    if (policy === 'error') {
      this.failure = error;
      return false;
    }
    try {
      const wait = policy(error);
      if (typeof (wait as PromiseLike<void> | undefined)?.then !== 'function') return true;
      this.#wait(wait as PromiseLike<void>);
    } catch (thrown) {
      this.failure = toError(thrown);
    }
    return false;
  }

  /** Runs `next` now, or once the promises have settled (instead of resuming the parse). */
  whenSettled(next: () => void): void {
    if (this.#waiting === 0) next();
    else this.#afterWaiting = next;
  }

  #wait(promise: PromiseLike<void>): void {
    this.#waiting++;
    const settled = (failure?: unknown) => {
      if (failure !== undefined) this.failure ??= toError(failure);
      if (--this.#waiting > 0) return;
      const next = this.#afterWaiting;
      this.#afterWaiting = undefined;
      (next ?? this.#resume)();
    };
    promise.then(
      () => settled(),
      (failure: unknown) => settled(failure ?? new Error('The invalid-line policy failed.')),
    );
  }
}

function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(String(thrown));
}
