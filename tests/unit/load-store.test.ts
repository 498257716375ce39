import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../src-shared/errors';
import { createLoadStore, type Listen } from '../../src-renderer/src/hooks/load-store';

/** A read whose answers the test gives, one per call, in any order. */
function controlledRead<T>(): { read: () => Promise<T>; calls: Array<{ resolve(v: T): void; reject(e: unknown): void }> } {
  const calls: Array<{ resolve(v: T): void; reject(e: unknown): void }> = [];
  return { calls, read: () => new Promise<T>((resolve, reject) => calls.push({ resolve, reject })) };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

afterEach(() => vi.useRealTimers());

describe('the renderer’s load store', () => {
  it('reads on the first subscriber and keeps a failure as an error to show', async () => {
    const { read, calls } = controlledRead<string[]>();
    const store = createLoadStore(read);
    const seen: unknown[] = [];
    const off = store.subscribe(() => seen.push(store.get()));
    expect(calls).toHaveLength(1);
    calls[0]?.reject(new AppError('hub_unreachable', 'connect ECONNREFUSED'));
    await settle();
    expect(store.get()).toEqual({ data: null, error: { code: 'hub_unreachable', message: 'connect ECONNREFUSED' } });
    store.reload();
    calls[1]?.resolve(['a']);
    await settle();
    expect(store.get()).toEqual({ data: ['a'], error: null });
    expect(seen).toHaveLength(2);
    off();
  });

  it('keeps the last data when a later read fails', async () => {
    const { read, calls } = controlledRead<number>();
    const store = createLoadStore(read);
    const off = store.subscribe(() => undefined);
    calls[0]?.resolve(1);
    await settle();
    store.reload();
    calls[1]?.reject(new Error('boom'));
    await settle();
    expect(store.get()).toEqual({ data: 1, error: { code: 'internal', message: 'boom' } });
    off();
  });

  it('drops an older answer that arrives after a newer one', async () => {
    const { read, calls } = controlledRead<string>();
    const store = createLoadStore(read);
    const off = store.subscribe(() => undefined);
    store.reload();
    calls[1]?.resolve('new');
    await settle();
    calls[0]?.resolve('old');
    await settle();
    expect(store.get().data).toBe('new');
    off();
  });

  it('follows main’s events, pushed or re-read, and stops listening with the last subscriber', async () => {
    const { read, calls } = controlledRead<string>();
    let update: Parameters<Listen<string>>[0] | null = null;
    const stop = vi.fn();
    const store = createLoadStore(read, (u) => {
      update = u;
      return stop;
    });
    const first = store.subscribe(() => undefined);
    const second = store.subscribe(() => undefined);
    expect(calls).toHaveLength(1);
    update!.set('pushed');
    expect(store.get()).toEqual({ data: 'pushed', error: null });
    // The read that was under way when the push came is older than it.
    calls[0]?.resolve('stale');
    await settle();
    expect(store.get().data).toBe('pushed');
    update!.reload();
    expect(calls).toHaveLength(2);
    first();
    expect(stop).not.toHaveBeenCalled();
    second();
    expect(stop).toHaveBeenCalledOnce();
  });

  it('never re-reads on a timer: only a reload or an event reads again', async () => {
    vi.useFakeTimers();
    const read = vi.fn(() => Promise.resolve('state'));
    const store = createLoadStore(read, () => () => undefined);
    const off = store.subscribe(() => undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(read).toHaveBeenCalledOnce();
    off();
  });
});
