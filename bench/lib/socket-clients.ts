import { io, type Socket } from 'socket.io-client';

/**
 * Opens one Socket.IO client of its own (no multiplexing over a shared Manager), over WebSocket
 * only and without reconnection, and waits for the outcome: the socket, or the refusal.
 */
export function connectSocket<S extends Socket = Socket>(
  url: string,
  options: { auth?: Record<string, unknown>; query?: Record<string, string>; timeoutMs: number },
): Promise<S> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs,
    ...(options.auth ? { auth: options.auth } : {}),
    ...(options.query ? { query: options.query } : {}),
  }) as S;
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

export interface BatchOutcome<T> {
  /** One entry per index: the result, or null where it failed. */
  results: (T | null)[];
  /** Failure messages and how often each occurred. */
  failures: Map<string, number>;
  seconds: number;
}

/**
 * Runs `make(i)` for i in 0..count-1, `batchSize` at a time (each batch settles before the next
 * starts), so that thousands of connections ramp up instead of arriving as one herd.
 */
export async function inBatches<T>(count: number, batchSize: number, make: (index: number) => Promise<T>): Promise<BatchOutcome<T>> {
  const started = performance.now();
  const results: (T | null)[] = new Array<T | null>(count).fill(null);
  const failures = new Map<string, number>();
  for (let from = 0; from < count; from += batchSize) {
    const indexes = Array.from({ length: Math.min(batchSize, count - from) }, (_, k) => from + k);
    const settled = await Promise.allSettled(indexes.map((i) => make(i)));
    settled.forEach((outcome, k) => {
      if (outcome.status === 'fulfilled') results[from + k] = outcome.value;
      else {
        const message = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        failures.set(message, (failures.get(message) ?? 0) + 1);
      }
    });
  }
  return { results, failures, seconds: (performance.now() - started) / 1000 };
}

/** "12× timeout, 3× unauthorized", or "none". */
export function describeFailures(failures: ReadonlyMap<string, number>): string {
  if (failures.size === 0) return 'none';
  return [...failures].map(([message, n]) => `${n}× ${message}`).join(', ');
}
