import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, safeStorage, session, shell } from 'electron';
import type { AppInfo } from '../../src-shared/contract/ipc';
import { createLogger } from '../../src-shared/log';
import { createApp, type KepApp, PAGE_GRACE_MS } from '../app/create-app';
import { loadMachineConfig } from '../config/machine-config';
import { loadMachineWideConfig } from '../config/machine-wide-config';
import type { OsCipher } from '../hub/secret-file';
import { APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppFileHandler, rendererUrl } from './app-protocol';
import { packagedUpdater } from './auto-update';
import { checkExternalLink } from './external-links';
import { bindIpc } from './ipc-binding';
import { installPermissionHandlers } from './media-permissions';

const log = createLogger('electron-main');

// Electron's newer Node keeps V8's code cache for the modules required from here on (pdf-lib,
// exceljs, the updater: loaded when first needed) beside the user's data; Node 20 has no such call.
(nodeModule as { enableCompileCache?: (directory: string) => unknown }).enableCompileCache?.(join(app.getPath('userData'), 'code-cache'));

// Privileges can be given to a scheme only before the app is ready.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

/** --data-dir=DIR or KEP_DATA_DIR, else the folder IT set machine-wide, else Electron's userData folder. */
function dataDir(machineWideDir: string | undefined): string {
  const flag = process.argv.find((a) => a.startsWith('--data-dir='));
  return flag?.slice('--data-dir='.length) || process.env.KEP_DATA_DIR || machineWideDir || app.getPath('userData');
}

/**
 * In development better-sqlite3's default binary is built for Node (tests need it); the one
 * for Electron's ABI is fetched beside it by scripts/electron-native.mjs. Packaged builds are
 * rebuilt for Electron by the packager and use the default.
 */
function nativeBinding(): string | undefined {
  return app.isPackaged ? undefined : join(app.getAppPath(), '.electron-native', 'better_sqlite3.node');
}

/**
 * The OS keychain for secrets at rest, when it really protects them. On Linux without a
 * keyring Electron falls back to a fixed key ('basic_text'), which is no better than a 0600
 * file, so then the app says plainly that the file is all there is.
 */
function osCipher(): OsCipher | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return { encrypt: (plain) => safeStorage.encryptString(plain), decrypt: (encrypted) => safeStorage.decryptString(encrypted) };
}

/** Opens an allowed link in the system browser; the hub's origin is the one configured now. */
async function openExternally(kepApp: KepApp, url: string): Promise<void> {
  const info = await kepApp.invoke('app.info', undefined);
  if (!checkExternalLink(url, info.ok ? (info.value as AppInfo).hubUrl : null)) return;
  await shell.openExternal(url).catch((error: unknown) => log.warn('could not open a link in the browser', { error: String(error) }));
}

function createWindow(kepApp: KepApp): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'KEP Live Desk',
    backgroundColor: '#f6f7f9',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // Development only: packaged, no one at the counter opens the page's internals.
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  // The window shows our page only: no navigation away, no pop-ups; links to the hub or gov.gr open in the browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    void openExternally(kepApp, url);
    return { action: 'deny' };
  });
  return window;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  // Packaged: no default menu (its View menu reloads the page and opens DevTools).
  if (app.isPackaged) Menu.setApplicationMenu(null);
  protocol.handle(APP_SCHEME, createAppFileHandler(join(__dirname, '../renderer')));
  // Nothing is granted until the window exists: then only its own page gets camera and microphone.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  let kepApp: KepApp;
  try {
    const machineWide = loadMachineWideConfig(process.env);
    const dir = dataDir(machineWide.dataDir);
    // Packaged, resources/ ships beside the app (extraResources); in development it is the source tree's.
    const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
    kepApp = createApp({
      dataDir: dir,
      config: loadMachineConfig(dir, process.env, {}, machineWide),
      version: app.getVersion(),
      nativeBinding: nativeBinding(),
      cipher: osCipher(),
      resourcesDir,
      updater: packagedUpdater(),
    });
  } catch (error) {
    log.error('cannot start', { error: String(error) });
    dialog.showErrorBox('KEP Live Desk', `The application cannot start:\n${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
    return;
  }

  const pageUrl = rendererUrl(app.isPackaged, process.env.ELECTRON_RENDERER_URL);
  const window = createWindow(kepApp);
  installPermissionHandlers(session.defaultSession, window, pageUrl);
  const unbind = bindIpc(kepApp, window, pageUrl);
  await window.loadURL(pageUrl);
  kepApp.start({ afterFirstDay: PAGE_GRACE_MS });

  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => {
    unbind();
    kepApp.close();
    app.quit();
  });
}

void start();
