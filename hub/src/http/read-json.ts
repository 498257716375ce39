import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../../../src-shared/errors';

const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads a JSON body and validates it; anything else is a clear 400. Bodies are small (16 KB)
 * unless a route that carries documents allows more.
 */
export async function readJson<S extends z.ZodType>(req: IncomingMessage, schema: S, maxBytes = MAX_BODY_BYTES): Promise<z.output<S>> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    throw new AppError('invalid_input', 'Send JSON (content-type: application/json).');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new AppError('invalid_input', `The request body is larger than ${maxBytes} bytes.`);
    chunks.push(chunk);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('invalid_input', `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return parsed.data;
}
