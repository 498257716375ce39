import { isAscii, transcode } from 'node:buffer';
import type { Agent, ClientRequest, IncomingMessage, RequestOptions } from 'node:http';

/**
 * The desk's one way of speaking HTTP to the hub: node:http with kept-alive connections, the
 * answer's bytes read whole and, when gzip-encoded, inflated on libuv's thread pool in one chunk.
 * Node's fetch reads the same answer through web streams and inflates it chunk by chunk: for a
 * day of 2,000 appointments (1.1 MB of JSON) that took 6–7 ms more of the desk's main thread.
 */

/**
 * What a hub answer may be at most, as sent and as inflated: a hub that sends more is not
 * believed (the largest, a day of thousands of appointments, is a few MB).
 */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/**
 * Idle kept-alive connections are closed after this. Node's agent already follows a server's
 * `Keep-Alive: timeout` hint (the hub sends 5 s); this is for a proxy in front of the hub that
 * sends none and closes idle connections on its own schedule.
 */
const IDLE_SOCKET_MS = 4000;

interface Transport {
  request(url: URL, options: RequestOptions & { agent?: Agent | false }): ClientRequest;
  agent: Agent;
}

/**
 * Loaded at the first request, not at the app's start (https brings TLS with it): the start's
 * own work comes first, and the first requests follow the first day served.
 */
const transports = new Map<'http:' | 'https:', Promise<Transport>>();

function transport(protocol: 'http:' | 'https:'): Promise<Transport> {
  let loaded = transports.get(protocol);
  if (!loaded) {
    loaded = (protocol === 'https:' ? import('node:https') : import('node:http')).then((m) => ({
      request: m.request,
      agent: new m.Agent({ keepAlive: true, timeout: IDLE_SOCKET_MS }),
    }));
    transports.set(protocol, loaded);
  }
  return loaded;
}

export interface HubHttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  /** Sent in order as the body; its length goes as content-length. */
  body?: readonly Uint8Array[];
  /** For the whole exchange: connecting, sending, and reading the answer, a GET's second try included. */
  timeoutMs: number;
  /** MAX_ANSWER_BYTES unless given. */
  maxAnswerBytes?: number;
}

export interface HubHttpAnswer {
  status: number;
  /** The body as the hub meant it: inflated when it came gzip-encoded. */
  body: Buffer;
}

/**
 * An answer's body as text, through ICU. In a warm loop Node 20's own UTF-8 decoding (toString,
 * TextDecoder) made a string of the day of 2,000 (1.2 MB, Greek in it) in 7.5 ms and ICU's
 * transcoding to UTF-16 plus a copy into a string in 0.3 ms. In a fresh process, where every new
 * megabyte costs milliseconds of page faults here, Node's took 7-11 ms and ICU's 10-18; in
 * bench:sync, taking turns, the sync after a sign-in was quicker with ICU (31-38 ms against
 * 37-47) and the start's a little slower (37-52 against 36-48). Writing goes the other way: the
 * browser shell's messages are Node's (ICU's UTF-16 copy made the first day of 2,000 14 ms
 * against 10). Bytes that are no UTF-8 make ICU give up: they are then read as Node reads them,
 * each bad sequence a U+FFFD (the schema check refuses what that breaks).
 */
export function answerText(body: Buffer): string {
  if (isAscii(body)) return body.toString('latin1');
  try {
    return transcode(body, 'utf8', 'utf16le').toString('utf16le');
  } catch {
    return body.toString('utf8');
  }
}

/** The hub could not be reached, or the exchange broke off or took too long: the network's fault, not the data's. */
export class HubUnreachableError extends Error {
  override readonly name = 'HubUnreachableError';
}

/** The hub answered with bytes this client cannot read (an unknown encoding, a broken gzip stream, too much). */
export class HubAnswerUnreadableError extends Error {
  override readonly name = 'HubAnswerUnreadableError';

  constructor(
    message: string,
    /** The answer's HTTP status: a refusal says what it is even when its body cannot be read. */
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A kept-alive connection the other side closed as this request went out on it: nothing was answered. */
class ClosedUnderRequestError extends HubUnreachableError {}

/** One request to the hub, its answer read whole. Rejects with HubUnreachableError or HubAnswerUnreadableError only. */
export async function hubHttp(req: HubHttpRequest): Promise<HubHttpAnswer> {
  const protocol = req.url.protocol;
  if (protocol !== 'http:' && protocol !== 'https:') throw new HubUnreachableError(`The hub's address must be http or https, not ${protocol}`);
  const { request, agent } = await transport(protocol);
  const until = Date.now() + req.timeoutMs;
  const sent = exchange(req, request, agent, until);
  // A GET changes nothing at the hub, so it is asked again, once, on a connection of its own (the
  // pool's other idle ones may have been closed too). A POST may have been taken: its caller
  // decides (the outbox retries with the same idempotency key).
  if (req.method !== 'GET') return sent;
  return sent.catch((error: unknown) => {
    if (error instanceof ClosedUnderRequestError) return exchange(req, request, false, until);
    throw error;
  });
}

function exchange(req: HubHttpRequest, request: Transport['request'], agent: Agent | false, until: number): Promise<HubHttpAnswer> {
  const maxBytes = req.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const length = (req.body ?? []).reduce((sum, part) => sum + part.byteLength, 0);
  return new Promise<HubHttpAnswer>((resolve, reject) => {
    const outgoing = request(req.url, {
      method: req.method,
      agent,
      headers: { ...req.headers, 'accept-encoding': 'gzip', ...(req.body ? { 'content-length': String(length) } : {}) },
    });
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      outgoing.destroy();
      reject(error);
    };
    const deadline = setTimeout(
      () => fail(new HubUnreachableError(`No whole answer from the hub within ${req.timeoutMs} ms.`)),
      Math.max(0, until - Date.now()),
    );
    let answered = false;
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      const closedUnder = outgoing.reusedSocket && !answered && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
      fail(closedUnder ? new ClosedUnderRequestError(error.message, { cause: error }) : new HubUnreachableError(error.message, { cause: error }));
    });
    outgoing.on('response', (response: IncomingMessage) => {
      answered = true;
      const status = response.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let received = 0;
      let ended = false;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return fail(new HubAnswerUnreadableError(`The hub's answer is larger than ${maxBytes} bytes.`, status));
        chunks.push(chunk);
      });
      response.on('error', (error) => fail(new HubUnreachableError(error.message, { cause: error })));
      // Closed before its end: the hub went away mid-answer.
      response.on('close', () => {
        if (!ended) fail(new HubUnreachableError('The hub broke off its answer.'));
      });
      response.on('end', () => {
        ended = true;
        clearTimeout(deadline);
        decode(response.headers['content-encoding'], Buffer.concat(chunks), status, maxBytes).then(
          (body) => {
            settled = true;
            resolve({ status, body });
          },
          (error: Error) => fail(error),
        );
      });
    });
    for (const part of req.body ?? []) outgoing.write(part);
    outgoing.end();
  });
}

const MIN_CHUNK = 16 * 1024;
const MAX_CHUNK = 8 * 1024 * 1024;

/**
 * zlib hands an inflated answer back one chunk at a time, each chunk a trip through the thread
 * pool: at its default 16 KB a day of 2,000 (over a megabyte) took 70-100 trips and 10.8 ms
 * (p50), against 4.0 ms in one. The gzip trailer states the inflated size (RFC 1952, ISIZE):
 * the chunk is made that size, so the whole fits in one. The hub's word only sizes the chunk,
 * bounded to 8 MB; the limit on what is inflated stays maxBytes, and zlib checks the size
 * against the trailer anyway.
 */
function inflateChunkSize(gzipped: Buffer): number {
  const stated = gzipped.length >= 18 ? gzipped.readUInt32LE(gzipped.length - 4) : 0;
  return Math.min(Math.max(stated + 1, MIN_CHUNK), MAX_CHUNK);
}

async function decode(encoding: string | undefined, raw: Buffer, status: number, maxBytes: number): Promise<Buffer> {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return raw;
  if (coding !== 'gzip' && coding !== 'x-gzip')
    throw new HubAnswerUnreadableError(`The hub's answer came in an encoding this app does not read (${coding}).`, status);
  const { gunzip } = await import('node:zlib');
  return new Promise((resolve, reject) =>
    gunzip(raw, { maxOutputLength: maxBytes, chunkSize: inflateChunkSize(raw) }, (error, body) =>
      error ? reject(new HubAnswerUnreadableError(`The hub's answer could not be inflated: ${error.message}`, status, { cause: error })) : resolve(body),
    ),
  );
}
