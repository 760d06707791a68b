import { Transform, type TransformCallback } from 'node:stream';
import { constants, crc32, createInflateRaw, type InflateRaw } from 'node:zlib';

const EMPTY: Buffer = Buffer.alloc(0);
/** A gzip header is ten bytes, an extra field of up to 64 KiB, a name and a comment: more is not gzip. */
const MAX_HEADER_LENGTH = 1024 * 1024;
const CHUNK_SIZE = 128 * 1024;

/**
 * Gunzip that frames each gzip member itself (RFC 1952) and inflates only its
 * deflate body. Node's Gunzip goes on into the bytes after a member in the same
 * native call, and when they fail it drops everything that call decoded: the
 * last lines of a member before garbage were lost. Here a member is decoded
 * and checked (CRC-32 and length) before the next bytes are looked at.
 *
 * A failure never destroys decoded output: the stream ends after the last
 * byte decoded before it, and `failure` holds the error (a zlib-style `code`:
 * `Z_BUF_ERROR` when the data ends early, `Z_DATA_ERROR` when it is damaged).
 * Zero bytes after a member are padding, as gzip and Node's Gunzip take them.
 */
export class GunzipMembers extends Transform {
  /** What stopped the data, once something has: the stream has ended there. */
  failure: Error | undefined;
  #phase: 'header' | 'body' | 'trailer' = 'header';
  /** Header or trailer bytes met so far, when they span chunks. */
  #pending: Buffer = EMPTY;
  #member: InflateRaw | undefined;
  #memberEnd: Promise<unknown> = Promise.resolve();
  #whenDrained: (() => void) | undefined;
  /** Decoded (and counted into the CRC), not yet handed on: see #scheduleHandOn. */
  #decoded: Buffer[] = [];
  #handOnScheduled = false;
  /** Called once `#decoded` has been handed on and is empty. */
  #afterHandOn: (() => void) | undefined;
  #crc = 0;
  #size = 0;
  #members = 0;

  constructor() {
    super({ readableHighWaterMark: 2 * CHUNK_SIZE });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failure !== undefined) return callback();
    this.#consume(chunk).then(
      () => callback(),
      (error: unknown) => this.#stop(error),
    );
  }

  override _flush(callback: TransformCallback): void {
    this.#finish().then(
      () => this.#handedOn(callback),
      (error: unknown) => this.#stop(error),
    );
  }

  // The member pauses when this stream's buffer is full; reading resumes it.
  override _read(size: number): void {
    this.#member?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#member?.destroy();
    callback(error);
  }

  async #consume(bytes: Buffer): Promise<void> {
    while (bytes.length > 0) {
      if (this.#phase === 'body') {
        const used = await this.#inflate(bytes);
        // All taken: the member may have ended with them, which the next bytes tell.
        if (used === bytes.length) return;
        await this.#memberEnd;
        this.#phase = 'trailer';
        bytes = bytes.subarray(used);
        continue;
      }
      if (this.#phase === 'header' && this.#pending.length === 0 && this.#members > 0) {
        bytes = bytes.subarray(skipZeros(bytes));
        if (bytes.length === 0) return;
      }
      const head = this.#pending.length === 0 ? bytes : Buffer.concat([this.#pending, bytes]);
      const length = this.#phase === 'header' ? headerLength(head) : head.length >= 8 ? 8 : undefined;
      if (length === undefined) {
        this.#pending = head;
        return;
      }
      this.#pending = EMPTY;
      if (this.#phase === 'header') this.#startMember();
      else this.#endMember(head);
      bytes = head.subarray(length);
    }
  }

  #inflate(bytes: Buffer): Promise<number> {
    const member = this.#member!;
    const before = member.bytesWritten;
    // zlib counts the bytes it consumed: fewer than given means the deflate data ended.
    return new Promise(resolve => member.write(bytes, () => resolve(member.bytesWritten - before)));
  }

  #startMember(): void {
    const member = createInflateRaw({ chunkSize: CHUNK_SIZE });
    this.#member = member;
    this.#phase = 'body';
    this.#crc = 0;
    this.#size = 0;
    this.#memberEnd = new Promise(resolve => member.once('end', resolve));
    member.on('data', (data: Buffer) => {
      this.#crc = crc32(data, this.#crc);
      this.#size += data.length;
      this.#decoded.push(data);
      this.#scheduleHandOn();
      if (member.readableLength === 0) this.#whenDrained?.();
    });
    member.once('error', error => this.#stop(error));
  }

  #endMember(trailer: Buffer): void {
    if (trailer.readUInt32LE(0) !== this.#crc) throw zlibError('incorrect data check', 'Z_DATA_ERROR');
    if (trailer.readUInt32LE(4) !== this.#size >>> 0) throw zlibError('incorrect length check', 'Z_DATA_ERROR');
    this.#member = undefined;
    this.#phase = 'header';
    this.#members++;
  }

  async #finish(): Promise<void> {
    const member = this.#member;
    if (this.#phase === 'body' && member !== undefined) {
      // Whatever the cut data decodes to is delivered before the error: ending
      // at once would fail the final step and drop its output.
      await new Promise<void>(resolve => member.flush(constants.Z_SYNC_FLUSH, () => resolve()));
      await new Promise<void>(resolve => {
        if (member.readableLength === 0) resolve();
        else this.#whenDrained = resolve;
      });
    }
    if (this.#phase !== 'header' || this.#pending.length > 0) throw zlibError('unexpected end of file', 'Z_BUF_ERROR');
  }

  #stop(error: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = error instanceof Error ? error : new Error(String(error));
    this.#member?.destroy();
    // After the data decoded before the failure.
    this.#handedOn(() => this.push(null));
  }

  // Decoded data is handed on in the check phase, after zlib's callback and
  // the promise steps it resolves: a reader that parses at once (a pipe does)
  // would otherwise hold back zlib's next inflate, on the thread pool, until
  // the parsing was done. Within a member, zlib queues its next step before
  // the callback returns; at a member's end, the trailer is read and the next
  // member started in those promise steps. Overlapped, gzip input converts at
  // 0.93-0.98 of plain text's speed, not 0.82-0.86, and CloudWatch envelopes
  // (a member each) no longer wait for every member's inflate.
  #scheduleHandOn(): void {
    if (this.#handOnScheduled) return;
    this.#handOnScheduled = true;
    setImmediate(() => {
      this.#handOnScheduled = false;
      if (this.destroyed) return;
      let full = false;
      for (const data of this.#decoded.splice(0)) full = !this.push(data) || full;
      if (full) this.#member?.pause();
      const after = this.#afterHandOn;
      this.#afterHandOn = undefined;
      after?.();
    });
  }

  /** Calls `then` once everything decoded so far has been handed on. */
  #handedOn(then: () => void): void {
    if (this.#decoded.length === 0 && !this.#handOnScheduled) return then();
    const before = this.#afterHandOn;
    this.#afterHandOn = before === undefined ? then : () => (before(), then());
    this.#scheduleHandOn();
  }
}

/** The header's length, undefined while it is incomplete; throws what zlib would say when it is not a gzip header. */
function headerLength(bytes: Buffer): number | undefined {
  if ((bytes.length > 0 && bytes[0] !== 0x1f) || (bytes.length > 1 && bytes[1] !== 0x8b))
    throw zlibError('incorrect header check', 'Z_DATA_ERROR');
  if (bytes.length < 10) return undefined;
  if (bytes[2] !== 8) throw zlibError('unknown compression method', 'Z_DATA_ERROR');
  const flags = bytes[3]!;
  if (flags & 0xe0) throw zlibError('unknown header flags set', 'Z_DATA_ERROR');
  let length = 10;
  if (flags & 4) length = bytes.length < 12 ? Infinity : 12 + bytes.readUInt16LE(10);
  for (const field of [8, 16]) {
    if (!(flags & field) || length > bytes.length) continue;
    const end = bytes.indexOf(0, length);
    length = end === -1 ? Infinity : end + 1;
  }
  if (flags & 2) length += 2;
  if (length <= bytes.length) {
    if (flags & 2 && bytes.readUInt16LE(length - 2) !== (crc32(bytes.subarray(0, length - 2)) & 0xffff))
      throw zlibError('header crc mismatch', 'Z_DATA_ERROR');
    return length;
  }
  if (bytes.length > MAX_HEADER_LENGTH) throw zlibError('gzip header over 1 MiB', 'Z_DATA_ERROR');
  return undefined;
}

function skipZeros(bytes: Buffer): number {
  let index = 0;
  while (index < bytes.length && bytes[index] === 0) index++;
  return index;
}

function zlibError(message: string, code: 'Z_BUF_ERROR' | 'Z_DATA_ERROR'): Error {
  return Object.assign(new Error(message), { code, errno: constants[code] });
}
