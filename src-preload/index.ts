import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannelName, ipcEventName } from '../src-shared/contract/names';
import type { Result } from '../src-shared/errors';
import { createKepApi } from './create-kep-api';

// The renderer gets `window.kep` and nothing else: no ipcRenderer, no channel it can choose.
contextBridge.exposeInMainWorld(
  'kep',
  createKepApi({
    invoke: (channel, input) => ipcRenderer.invoke(ipcChannelName(channel), input) as Promise<Result<unknown>>,
    subscribe(event, listener) {
      const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(ipcEventName(event), handler);
      return () => ipcRenderer.removeListener(ipcEventName(event), handler);
    },
  }),
);
