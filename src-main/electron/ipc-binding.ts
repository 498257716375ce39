import { type BrowserWindow, ipcMain } from 'electron';
import { CHANNELS, ipcChannelName, ipcEventName } from '../../src-shared/contract/ipc';
import { fail } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { KepApp } from '../app/create-app';
import { isOwnPage, isTrustedSender } from './trusted-sender';

const log = createLogger('electron-ipc');

/** Binds every contract channel to ipcMain, behind the sender check, and forwards events. */
export function bindIpc(app: KepApp, window: BrowserWindow, rendererUrl: string): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), (event, input: unknown) => {
      if (event.sender !== window.webContents || !isTrustedSender(event.senderFrame, rendererUrl)) {
        log.warn('refused IPC from an untrusted sender', { channel, url: event.senderFrame?.url });
        return fail('forbidden', 'This page may not use the application.');
      }
      return app.invoke(channel, input);
    });
  }
  // app.events is gated already (role and schema: ipc/event-gate.ts); and only our own page hears them.
  const unsubscribe = app.events.subscribe((name, payload) => {
    if (!window.isDestroyed() && isOwnPage(window.webContents.getURL(), rendererUrl)) window.webContents.send(ipcEventName(name), payload);
  });
  return () => {
    unsubscribe();
    for (const channel of CHANNELS) ipcMain.removeHandler(ipcChannelName(channel));
  };
}
