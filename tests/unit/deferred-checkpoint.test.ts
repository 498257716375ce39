import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { transactionWithoutCheckpoint } from '../../hub/src/store/deferred-checkpoint';
import { HubStore } from '../../hub/src/store/hub-store';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let store: HubStore;

beforeEach(() => {
  dir = makeTempDir('kep-deferred-checkpoint-');
  store = new HubStore(dir.path);
});
afterEach(() => {
  store.close();
  dir.remove();
});

const limit = (): number => store.db.pragma('wal_autocheckpoint', { simple: true }) as number;

describe('a transaction without the automatic checkpoint', () => {
  it('runs with the checkpoint off and sets the limit back after it', () => {
    const before = limit();
    expect(before).toBeGreaterThan(0);
    expect(transactionWithoutCheckpoint(store, 'immediate', () => limit())).toBe(0);
    expect(limit()).toBe(before);
  });

  it('sets the limit back when the transaction fails, and keeps none of its writes', () => {
    const before = limit();
    const kepsBefore = store.db.prepare('SELECT count(*) AS n FROM keps').get();
    expect(() =>
      transactionWithoutCheckpoint(store, 'immediate', () => {
        store.upsertKep({ id: 'kep-rolled-back', name: 'ΚΕΠ που δεν γράφτηκε' });
        throw new Error('the dispatch failed a check');
      }),
    ).toThrow('the dispatch failed a check');
    expect(limit()).toBe(before);
    expect(store.db.prepare('SELECT count(*) AS n FROM keps').get()).toEqual(kepsBefore);
  });

  it('leaves an outer setting alone when the checkpoint is already off', () => {
    store.db.pragma('wal_autocheckpoint = 0');
    transactionWithoutCheckpoint(store, 'deferred', () => undefined);
    expect(limit()).toBe(0);
  });
});
