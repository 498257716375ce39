import type { UpdateStatus } from '../../../src-shared/contract/ipc';
import { call, onEvent } from '../kep';
import type { Listen } from './load-store';
import { type Loaded, useLoad } from './use-load';

const readUpdate = (): Promise<UpdateStatus> => call('update.status');
const listenUpdate: Listen<UpdateStatus> = ({ set }) => onEvent('update.changed', set);

/** Where the desk's own updater stands, kept current by main. */
export function useUpdate(): Loaded<UpdateStatus> {
  return useLoad(readUpdate, listenUpdate);
}
