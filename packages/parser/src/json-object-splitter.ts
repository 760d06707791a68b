import { MAX_ENVELOPE_LENGTH } from './cloudwatch-envelope';
import { FlowLogParseError } from './flow-log-parse-error';
import { FrameSplitter, type FrameBoundary } from './frame-splitter';

const RAW_PREVIEW = 1024;
const utf8 = new TextDecoder();

/**
 * Splits JSON objects written back to back (`}{`, as CloudWatch Logs →
 * Firehose → S3 objects hold them), with optional white space between them,
 * in bytes that arrive in chunks: the frames of a `FrameSplitter` that end
 * at the brace closing an object. One linear pass, no backtracking; text
 * between objects throws `invalid-envelope`, and an object over `maxLength`
 * bytes throws `envelope-too-large` before it is held whole.
 */
export function createJsonObjectSplitter(maxLength: number = MAX_ENVELOPE_LENGTH) {
  const boundary = new ObjectEnd();
  const frames = new FrameSplitter(boundary, maxLength, RAW_PREVIEW * 4);
  const tooLarge = (start: Uint8Array) =>
    new FlowLogParseError(
      'envelope-too-large',
      `An envelope is over ${maxLength} bytes (CloudWatch Logs sends about 1 MiB at most); it is refused, and the rest of the input with it.`,
      { raw: utf8.decode(trimStart(start).subarray(0, RAW_PREVIEW * 4)).slice(0, RAW_PREVIEW) },
    );
  const take = (onObject: (text: string) => void) => {
    const object = trimStart(frames.bytes.subarray(frames.start, frames.end));
    if (frames.overLong || frames.length > maxLength) throw tooLarge(object);
    if (object.length > 0) onObject(utf8.decode(object));
  };
  return {
    /** Hands the objects these bytes complete to `onObject`; throws after them when the text breaks off. */
    push(chunk: Uint8Array, onObject: (text: string) => void): void {
      frames.push(chunk);
      while (frames.next()) take(onObject);
      // Refused as soon as it is too large, not once its end arrives: a bomb may have none.
      if (frames.skipping !== undefined) throw tooLarge(frames.skipping);
    },
    /** At the end of the input: throws if an object was begun and not finished (a cut input). */
    end(onObject: (text: string) => void): void {
      if (boundary.depth > 0)
        throw new FlowLogParseError('invalid-envelope', 'The input ends inside an envelope.', { raw: '' });
      if (frames.finish()) take(onObject);
    },
  };
}

/** Every object of a whole input, such as a subscription event's decoded data. */
export function splitJsonObjects(bytes: Uint8Array, maxLength?: number): string[] {
  const objects: string[] = [];
  const splitter = createJsonObjectSplitter(maxLength);
  splitter.push(bytes, object => objects.push(object));
  splitter.end(object => objects.push(object));
  return objects;
}

/** Where an object ends: the brace that brings the depth back to 0, outside strings. */
class ObjectEnd implements FrameBoundary {
  readonly keepsEnd = true;
  depth = 0;
  #inString = false;
  #escaped = false;

  end(bytes: Uint8Array, from: number): number {
    // The next quote and backslash at or after the cursor, each searched
    // again only once passed: linear however many backslashes there are.
    let quote = -2;
    let backslash = -2;
    for (let index = from; index < bytes.length; index++) {
      if (this.#inString) {
        // Inside a string only a quote or a backslash matters: skip to the
        // next of either natively (messages are most of an envelope).
        if (this.#escaped) {
          this.#escaped = false;
          continue;
        }
        if (quote !== -1 && quote < index) quote = bytes.indexOf(34, index);
        if (backslash !== -1 && backslash < index) backslash = bytes.indexOf(92, index);
        if (quote === -1 && backslash === -1) return -1;
        if (backslash !== -1 && (quote === -1 || backslash < quote)) {
          index = backslash;
          this.#escaped = true;
        } else {
          index = quote;
          this.#inString = false;
        }
        continue;
      }
      const code = bytes[index]!;
      if (this.depth === 0 && code !== 123 /* { */) {
        if (isSpace(code)) continue;
        const found = utf8.decode(bytes.subarray(index, index + RAW_PREVIEW * 4));
        throw new FlowLogParseError(
          'invalid-envelope',
          `Expected "{" between envelopes, found "${found.slice(0, 16)}".`,
          {
            raw: found.slice(0, RAW_PREVIEW),
          },
        );
      }
      if (code === 34) this.#inString = true;
      else if (code === 123 || code === 91) this.depth++;
      else if ((code === 125 || code === 93) && --this.depth === 0) return index;
    }
    return -1;
  }
}

/** White space before an object is not part of it (nor of an error's preview). */
function trimStart(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && isSpace(bytes[start]!)) start++;
  return bytes.subarray(start);
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}
