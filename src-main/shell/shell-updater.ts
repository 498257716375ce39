import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppImageUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import type { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { createLogger } from '../../src-shared/log';
import { NodeHttpExecutor } from '../update/node-http-executor';
import type { Updater } from '../update/update-service';

const log = createLogger('shell-updater');

/**
 * The packaged Linux app's updater (electron-updater's AppImageUpdater) run in Node, for the
 * browser shell started with `--self-update`: it checks the hub's feed, downloads and verifies
 * (sha512) exactly as a desk does, so the employee's notice and IT's fleet view can be seen and
 * tested without the Electron binary. It never installs: there is no installed app to replace.
 */
class CheckOnlyUpdater extends AppImageUpdater {
  protected override doInstall(): boolean {
    log.info('the browser shell does not install updates; a packaged desk would install now');
    return false;
  }
}

export function shellUpdater(version: string, dir: string): Updater {
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, 'app-update.yml');
  writeFileSync(configPath, 'provider: generic\nurl: http://127.0.0.1/\nupdaterCacheDirName: kep-live-desk-shell-updater\n');
  // AppImageUpdater names the file a download would replace; with whole-file downloads it is only a name.
  process.env.APPIMAGE ??= join(dir, 'kep-live-desk.AppImage');
  const app: AppAdapter = {
    version,
    name: 'kep-live-desk',
    isPackaged: false,
    appUpdateConfigPath: configPath,
    userDataPath: join(dir, 'user-data'),
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
  const updater = new CheckOnlyUpdater(undefined, app);
  (updater as unknown as { httpExecutor: ElectronHttpExecutor }).httpExecutor = new NodeHttpExecutor();
  updater.forceDevUpdateConfig = true;
  updater.logger = { info: (m: unknown) => log.info(String(m)), warn: (m: unknown) => log.warn(String(m)), error: (m: unknown) => log.error(String(m)) };
  return updater;
}
