/**
 * The citizen's inbox at the hub: the documents their KEP sent them, listed and downloaded with
 * the same link as the call (`Authorization: Bearer <join token>`). The hub's answer is checked
 * against the protocol's own schema (protocol/inbox.ts, the inbox routes of routes.ts).
 */
import { API_PREFIX, inboxDocumentPath, INBOX_PATH } from '../../src-shared/protocol/constants';
import { type InboxDocument, type InboxResponse, readInboxAnswer } from '../../src-shared/protocol/inbox';

/**
 * unauthorized: the link does not open an inbox (not a link, or no longer valid); forbidden: an
 * interpreter's link (there is no inbox for it); expired: the document is no longer kept;
 * rate_limited: too many requests from here just now; invalid: what arrived is not the document
 * that was sent; unavailable: this hub has no inbox (an older hub); network: the hub could not be
 * reached or did not answer sensibly.
 */
export type InboxErrorKind = 'unauthorized' | 'forbidden' | 'expired' | 'rate_limited' | 'invalid' | 'unavailable' | 'network';

export class InboxError extends Error {
  constructor(
    readonly kind: InboxErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'InboxError';
  }
}

export type { InboxDocument, InboxResponse };

const LIST_TIMEOUT_MS = 20_000;
/** A 10 MB document over a slow phone connection. */
const DOWNLOAD_TIMEOUT_MS = 180_000;

/** The hub's answer to GET /inbox, checked; a document that does not fit the contract is left out (and logged). */
export function parseInboxResponse(value: unknown): InboxResponse {
  const answer = readInboxAnswer(value);
  if (!answer.ok) throw new InboxError('network', `The inbox answer does not fit the contract: ${answer.problem}`);
  for (const misfit of answer.misfits) console.warn('inbox: a listed document does not fit the contract and is not shown', misfit);
  return answer.inbox;
}

/** The hub's error code from a `{ error: { code, message } }` body, if it has one. */
async function errorCode(res: Response): Promise<string | null> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown } } | null;
    return typeof body?.error?.code === 'string' ? body.error.code : null;
  } catch {
    return null;
  }
}

/** What a refusal means for the person. A missing or expired document is "no longer available" either way. */
async function refusal(res: Response, forDocument: boolean): Promise<InboxError> {
  const code = await errorCode(res);
  const what = `${res.status}${code ? ` ${code}` : ''}`;
  if (res.status === 429) return new InboxError('rate_limited', `Rate-limited (${what}).`);
  if (forDocument && (res.status === 410 || res.status === 404 || code === 'expired'))
    return new InboxError('expired', `The document is no longer available (${what}).`);
  if (res.status === 401) return new InboxError('unauthorized', `The link was refused (${what}).`);
  if (res.status === 403) return new InboxError('forbidden', `This link has no inbox (${what}).`);
  if (!forDocument && (res.status === 404 || res.status === 405)) return new InboxError('unavailable', `This hub has no inbox (${what}).`);
  return new InboxError('network', `The hub answered ${what}.`);
}

/**
 * fetch with the link as the credential, given up after `timeoutMs` or when `signal` aborts.
 * A failure to reach the hub becomes a `network` InboxError; an abort by `signal` stays an AbortError.
 */
async function request(path: string, token: string, timeoutMs: number, signal?: AbortSignal): Promise<Response> {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  signal?.addEventListener('abort', abort);
  const timer = setTimeout(abort, timeoutMs);
  try {
    return await fetch(`${API_PREFIX}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: controller.signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new InboxError('network', `The hub could not be reached: ${String(error)}`);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** GET /api/v1/inbox: the documents this link gives access to. */
export async function fetchInbox(token: string, signal?: AbortSignal): Promise<InboxResponse> {
  const res = await request(INBOX_PATH, token, LIST_TIMEOUT_MS, signal);
  if (!res.ok) throw await refusal(res, false);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new InboxError('network', 'The inbox answer is not JSON.');
  }
  return parseInboxResponse(body);
}

const hex = (buffer: ArrayBuffer): string => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

/** The file name the device saves it under: the document's own name, as a PDF. */
export function downloadName(name: string): string {
  // Names never carry slashes or control characters (the hub checks); a few systems dislike these too.
  const clean =
    Array.from(name, (c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c))
      .join('')
      .trim() || 'document';
  return /\.pdf$/i.test(clean) ? clean : `${clean}.pdf`;
}

/** The document's bytes, checked against what the list says was sent. */
export async function fetchDocument(token: string, doc: InboxDocument, signal?: AbortSignal): Promise<Blob> {
  const res = await request(inboxDocumentPath(doc.dispatchId, doc.index), token, DOWNLOAD_TIMEOUT_MS, signal);
  if (!res.ok) throw await refusal(res, true);
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/pdf') throw new InboxError('invalid', `Expected a PDF, the hub sent ${type || 'no content type'}.`);
  let bytes: ArrayBuffer;
  try {
    bytes = await res.arrayBuffer();
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new InboxError('network', `The download stopped: ${String(error)}`);
  }
  if (bytes.byteLength !== doc.size) throw new InboxError('invalid', `Expected ${doc.size} bytes, received ${bytes.byteLength}.`);
  // SubtleCrypto exists only in secure contexts (https, or this machine); the hub serves https elsewhere.
  if (globalThis.crypto?.subtle) {
    const digest = hex(await crypto.subtle.digest('SHA-256', bytes));
    if (digest !== doc.sha256) throw new InboxError('invalid', 'The downloaded document is not the one that was sent (SHA-256 differs).');
  }
  return new Blob([bytes], { type: 'application/pdf' });
}

/** Hands a file to the browser to save, as a link with `download` would. */
export function saveFile(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = downloadName(name);
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Not at once: some browsers read the object URL after click() has returned.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  }
}

/** GET the document, check it, and save it on the device. */
export async function downloadDocument(token: string, doc: InboxDocument, signal?: AbortSignal): Promise<void> {
  saveFile(await fetchDocument(token, doc, signal), doc.name);
}
