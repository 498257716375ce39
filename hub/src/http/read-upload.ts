import { createHash, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import { BODY_IDLE_MS, parseJsonBytes } from './read-json';

/** One part of the body after its head, as it arrived: its bytes and their SHA-256 (hex). */
export interface UploadedPart {
  data: Buffer;
  sha256: string;
}

/** Refused because the body is larger than it may be: answered 413 (api.ts), and the rest is not read. */
export class UploadTooLarge extends AppError {}

const LF = 0x0a;
const EMPTY = Buffer.alloc(0);

export interface UploadReader<H> {
  /** The head's line, parsed and checked against the route's schema. */
  head: H;
  /**
   * Reads the parts that follow, `sizes[i]` bytes each and nothing after them, hashing them as
   * they arrive. Not called (a refusal from the head alone): the connection is closed after the
   * answer and the bytes are never read.
   */
  parts(sizes: readonly number[]): Promise<UploadedPart[]>;
  /** Reads the same bytes and keeps none (an upload answered from what is stored): the client reads its answer on an open connection. */
  skip(sizes: readonly number[]): Promise<void>;
}

/**
 * Reads a body made of one line of JSON (at most `headMaxBytes`) and then raw bytes, without a
 * copy of the whole body or any encoding: each part goes into a buffer of its declared size. A
 * part that is longer than declared, or bytes after the last part, stop the reading at once
 * (UploadTooLarge); a body that ends early, breaks off or stalls for `idleMs` is refused too.
 */
export function readUpload<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
  headMaxBytes: number,
  idleMs = BODY_IDLE_MS,
): Promise<UploadReader<z.output<S>>> {
  return new Promise((resolveHead, rejectHead) => {
    const headChunks: Buffer[] = [];
    let headSize = 0;
    let sizes: readonly number[] | null = null;
    let parts: UploadedPart[] = [];
    let current: { data: Buffer | null; filled: number; hash: Hash | null } | null = null;
    let keep = true;
    let settle: { resolve(parts: UploadedPart[]): void; reject(error: AppError): void } | null = null;
    let failed: AppError | null = null;
    let ended = false;
    let headDone = false;
    /** Bytes after the head that came before the handler said what it expects. */
    let pending: Buffer | null = null;

    const stop = (): void => {
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onBroken);
      req.off('close', onBroken);
    };
    const fail = (error: AppError): void => {
      if (failed) return;
      failed = error;
      stop();
      // The rest is not wanted: the answer goes out and the connection is closed (api.ts).
      req.pause();
      if (settle) settle.reject(error);
      else if (!headDone) rejectHead(error);
    };

    /** Copies bytes into the part they belong to; bytes past the last part refuse the body. */
    const take = (chunk: Buffer): void => {
      let offset = 0;
      while (offset < chunk.length) {
        if (!sizes) return;
        const index = parts.length;
        const size = sizes[index];
        if (size === undefined) return fail(new UploadTooLarge('invalid_input', 'The upload carries more bytes than its documents declare.'));
        current ??= keep ? { data: Buffer.allocUnsafe(size), filled: 0, hash: createHash('sha256') } : { data: null, filled: 0, hash: null };
        const piece = chunk.subarray(offset, offset + size - current.filled);
        if (current.data) piece.copy(current.data, current.filled);
        current.hash?.update(piece);
        current.filled += piece.length;
        offset += piece.length;
        if (current.filled === size) {
          parts.push({ data: current.data ?? EMPTY, sha256: current.hash?.digest('hex') ?? '' });
          current = null;
        }
      }
    };
    const finishParts = (): void => {
      if (!settle || !sizes || failed) return;
      if (parts.length < sizes.length) {
        if (ended) fail(new AppError('invalid_input', 'The upload ended before its documents were whole; send it again.'));
        return;
      }
      if (!ended) return;
      stop();
      const done = parts;
      parts = [];
      settle.resolve(done);
    };

    const onData = (chunk: Buffer): void => {
      idle.refresh();
      if (headDone) {
        if (!sizes) {
          // Waiting for the handler to say what it expects: keep what came meanwhile.
          pending = pending ? Buffer.concat([pending, chunk]) : chunk;
          req.pause();
          return;
        }
        take(chunk);
        return finishParts();
      }
      const end = chunk.indexOf(LF);
      const headPart = end === -1 ? chunk : chunk.subarray(0, end);
      headSize += headPart.length;
      if (headSize > headMaxBytes) return fail(new AppError('invalid_input', `The upload's head is longer than ${headMaxBytes} bytes.`));
      headChunks.push(headPart);
      if (end === -1) return;
      headDone = true;
      const rest = chunk.subarray(end + 1);
      if (rest.length) pending = rest;
      req.pause();
      let head: z.output<S>;
      try {
        head = parseJsonBytes(Buffer.concat(headChunks, headSize), schema, 'upload’s head');
      } catch (error) {
        headDone = false;
        return fail(error as AppError);
      }
      const read = (declared: readonly number[]): Promise<UploadedPart[]> =>
        new Promise<UploadedPart[]>((resolve, reject) => {
          if (failed) return reject(failed);
          settle = { resolve, reject };
          sizes = declared;
          const early = pending;
          pending = null;
          if (early) take(early);
          finishParts();
          if (!failed && !ended) req.resume();
        });
      resolveHead({
        head,
        parts: read,
        skip: async (declared) => {
          keep = false;
          await read(declared);
        },
      });
    };
    const onEnd = (): void => {
      ended = true;
      if (!headDone) return fail(new AppError('invalid_input', 'The upload ended before its head (one line of JSON ended by LF).'));
      finishParts();
    };
    const onBroken = (): void => {
      if (!ended) fail(new AppError('invalid_input', 'The request body did not arrive whole; send it again.'));
    };
    const idle = setTimeout(
      () => fail(new AppError('invalid_input', `The request body stopped arriving (nothing for ${idleMs / 1000} s); send it again.`)),
      idleMs,
    );
    idle.unref();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('close', onBroken);
  });
}
