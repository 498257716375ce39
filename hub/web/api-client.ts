/**
 * The booking page and the join page's "your booking" talk to the hub's API with this: JSON in,
 * JSON out, the answer checked against the protocol's own schema, and a refusal read into its
 * status and `error.reason` (apiErrorSchema) so the page can say what happened in plain words.
 * The credential is either the citizen's session cookie (booking) or the join link as a bearer
 * token (sent exactly as the inbox sends it, hub/web/inbox.ts).
 */
import type { z } from 'zod';
import { API_PREFIX } from '../../src-shared/protocol/constants';
import { apiErrorSchema } from '../../src-shared/protocol/hub-api';
import type { ErrorReason } from '../../src-shared/errors';

const TIMEOUT_MS = 20_000;

/** status 0: the hub could not be reached, or its answer did not fit the contract. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly reason: ErrorReason | null,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

export interface ApiCall {
  method?: 'GET' | 'POST';
  body?: unknown;
  /** The join link's token: sent as the bearer, and no cookie. Without it, the session cookie. */
  token?: string;
  signal?: AbortSignal;
}

async function refusal(res: Response): Promise<ApiCallError> {
  try {
    const parsed = apiErrorSchema.safeParse(await res.json());
    if (parsed.success) return new ApiCallError(res.status, parsed.data.error.reason ?? null, parsed.data.error.message);
  } catch {
    // Not JSON: a proxy's page, say; the status still tells.
  }
  return new ApiCallError(res.status, null, `The hub answered ${res.status}.`);
}

/** One call to `/api/v1<path>`, its answer checked with `schema`. */
export async function callApi<S extends z.ZodType>(path: string, schema: S, call: ApiCall = {}): Promise<z.infer<S>> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  call.signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, TIMEOUT_MS);
  const headers: Record<string, string> = {};
  if (call.token) headers.authorization = `Bearer ${call.token}`;
  if (call.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${API_PREFIX}${path}`, {
      method: call.method ?? 'GET',
      headers,
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      cache: 'no-store',
      credentials: call.token ? 'omit' : 'same-origin',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
  } catch (error) {
    if (call.signal?.aborted) throw error;
    throw new ApiCallError(0, null, `The hub could not be reached: ${String(error)}`);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener('abort', abort);
  }
  if (!res.ok) throw await refusal(res);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiCallError(0, null, 'The answer is not JSON.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    console.warn('api: the answer does not fit the contract', path, parsed.error.issues);
    throw new ApiCallError(0, null, 'The answer does not fit the contract.');
  }
  return parsed.data;
}

export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';
