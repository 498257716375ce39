import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { createLogger } from '../../src-shared/log';
import type { Updater } from '../update/update-service';

const log = createLogger('electron-updater');

/**
 * electron-updater's updater for this platform (NSIS on Windows, AppImage or deb on Linux), for
 * a packaged app only: in development there is no installed app to replace. Its own lines go
 * to our log, one JSON line each.
 */
export function packagedUpdater(): Updater | undefined {
  if (!app.isPackaged) return undefined;
  autoUpdater.logger = {
    info: (message: unknown) => log.info(String(message)),
    warn: (message: unknown) => log.warn(String(message)),
    error: (message: unknown) => log.error(String(message)),
    debug: (message: string) => log.debug(message),
  };
  return autoUpdater;
}
