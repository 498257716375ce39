/**
 * Whether the last session this window showed was one that reads the day, kept across a reload
 * (sessionStorage: this window only, gone with it) so that the reloaded page can ask for the day
 * with its start-up reads. Only a yes or no: no person, no data of the day. A wrong guess costs
 * one read that main refuses or nobody takes.
 */
export interface DayReaderHint {
  recall(): boolean;
  remember(readsTheDay: boolean): void;
}

const KEY = 'kep.dayReader';

export function createDayReaderHint(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): DayReaderHint {
  return {
    recall: () => storage.getItem(KEY) === '1',
    remember: (readsTheDay) => (readsTheDay ? storage.setItem(KEY, '1') : storage.removeItem(KEY)),
  };
}
