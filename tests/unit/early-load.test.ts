import { describe, expect, it, vi } from 'vitest';
import { createEarlyLoads, createLoadStore, type Listen } from '../../src-renderer/src/hooks/load-store';

/** Early loads of days, each read answered by the test; `reloadDay` plays main's day.changed. */
function days() {
  const reads: Array<{ date: string; resolve(v: string): void }> = [];
  const listening = new Map<string, Parameters<Listen<string>>[0]>();
  const stopped: string[] = [];
  const early = createEarlyLoads((date: string) =>
    createLoadStore(
      () => new Promise<string>((resolve) => reads.push({ date, resolve })),
      (update) => {
        listening.set(date, update);
        return () => {
          listening.delete(date);
          stopped.push(date);
        };
      },
    ),
  );
  return { early, reads, listening, stopped };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('reads started before their screen', () => {
  it('asks at once, and the screen that mounts later opens on that read without asking again', async () => {
    const { early, reads } = days();
    early.start('2026-12-03');
    expect(reads.map((r) => r.date)).toEqual(['2026-12-03']);
    reads[0]?.resolve('the day');
    await settle();

    const store = early.storeFor('2026-12-03');
    expect(store.get().data).toBe('the day');
    const seen = vi.fn();
    const off = store.subscribe(seen);
    early.taken('2026-12-03', store);
    expect(reads).toHaveLength(1);
    store.reload();
    reads[1]?.resolve('the day, changed');
    await settle();
    expect(seen).toHaveBeenCalledOnce();
    off();
  });

  it('hears main’s news while it waits for its screen, and stops with the screen, not before', async () => {
    const { early, reads, listening, stopped } = days();
    early.start('2026-12-03');
    listening.get('2026-12-03')?.reload();
    expect(reads).toHaveLength(2);
    reads[1]?.resolve('newer');
    await settle();

    const store = early.storeFor('2026-12-03');
    const off = store.subscribe(() => undefined);
    early.taken('2026-12-03', store);
    expect(stopped).toEqual([]);
    expect(store.get().data).toBe('newer');
    off();
    expect(stopped).toEqual(['2026-12-03']);
    // Taken once: the next screen of that day reads afresh.
    expect(early.storeFor('2026-12-03')).not.toBe(store);
  });

  it('starts one read per key however often it is asked to, and leaves other keys to their screens', () => {
    const { early, reads } = days();
    early.start('2026-12-03');
    early.start('2026-12-03');
    expect(reads).toHaveLength(1);
    const other = early.storeFor('2026-12-04');
    expect(reads).toHaveLength(1);
    early.taken('2026-12-04', other);
    early.taken('2026-12-03', other);
    expect(early.storeFor('2026-12-03')).not.toBe(other);
    expect(reads).toHaveLength(1);
  });

  it('lets go of reads no screen took when the session ends', async () => {
    const { early, reads, listening, stopped } = days();
    early.start('2026-12-03');
    const waiting = early.storeFor('2026-12-03');
    early.drop();
    expect(stopped).toEqual(['2026-12-03']);
    expect(listening.size).toBe(0);
    // An answer that comes after is dropped, and the next screen asks for itself.
    reads[0]?.resolve('late');
    await settle();
    expect(waiting.get().data).toBeNull();
    const next = early.storeFor('2026-12-03');
    expect(next).not.toBe(waiting);
    const off = next.subscribe(() => undefined);
    expect(reads).toHaveLength(2);
    off();
  });
});
