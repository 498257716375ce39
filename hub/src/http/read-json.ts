import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '../limits/payload-shape';

const MAX_BODY_BYTES = 16 * 1024;

/**
 * How long a body may stall between two chunks. A slow line still sends something every few
 * seconds; a client that announced a body and stopped would otherwise hold a request open until
 * the server's request timeout.
 */
export const BODY_IDLE_MS = 15_000;

// Invalid UTF-8 is refused rather than read as U+FFFD, so no text is silently altered; a BOM is
// kept, for JSON.parse to refuse as before.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const tooLarge = (maxBytes: number): AppError => new AppError('invalid_input', `The request body is larger than ${maxBytes} bytes.`);

/**
 * Reads a JSON body and validates it; anything else is a clear 400. Bodies are small (16 KB)
 * unless a route that carries documents allows more. The nesting depth is checked on the raw
 * bytes before anything parses or walks the body (§6 of PROTOCOL.md).
 */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, maxBytes = MAX_BODY_BYTES): Promise<z.output<S>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new AppError('invalid_input', 'Send JSON (content-type: application/json).');
  }
  return parseJsonBytes(await readBody(req, maxBytes), schema, 'request body');
}

/**
 * JSON bytes checked as a request body is: nesting depth on the raw bytes, strict UTF-8, JSON,
 * then the schema; `what` names the part in the errors ("request body", "upload's head").
 */
export function parseJsonBytes<S extends z.ZodType>(bytes: Buffer, schema: S, what: string): z.output<S> {
  if (jsonNestingExceeds(bytes, MAX_JSON_DEPTH)) {
    throw new AppError('invalid_input', `The ${what} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new AppError('invalid_input', `The ${what} is not valid UTF-8.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', `The ${what} is not valid JSON.`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_input', `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}

/**
 * The request's body, at most `maxBytes`. A larger Content-Length is refused before a byte is
 * read; a body that stalls for `idleMs`, breaks off, or grows past the limit is refused too.
 */
export function readBody(req: IncomingMessage, maxBytes: number, idleMs = BODY_IDLE_MS): Promise<Buffer> {
  const announced = req.headers['content-length'];
  if (announced !== undefined && !(Number(announced) <= maxBytes)) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: AppError | null): void => {
      if (done) return;
      done = true;
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onBroken);
      req.off('close', onBroken);
      if (!error) return resolve(Buffer.concat(chunks, size));
      // The rest is not wanted: the answer goes out and the connection is closed (api.ts).
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) return finish(tooLarge(maxBytes));
      chunks.push(chunk);
      idle.refresh();
    };
    const onEnd = (): void => finish(null);
    const onBroken = (): void => finish(new AppError('invalid_input', 'The request body did not arrive whole; send it again.'));
    const idle = setTimeout(
      () => finish(new AppError('invalid_input', `The request body stopped arriving (nothing for ${idleMs / 1000} s); send it again.`)),
      idleMs,
    );
    idle.unref();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onBroken);
    req.on('close', onBroken);
  });
}
