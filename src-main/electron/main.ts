import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron';
import { createLogger } from '../../src-shared/log';
import { createApp, type KepApp } from '../app/create-app';
import { loadMachineConfig } from '../config/machine-config';
import type { OsCipher } from '../hub/secret-file';
import { bindIpc } from './ipc-binding';
import { installPermissionHandlers } from './media-permissions';

const log = createLogger('electron-main');

/** --data-dir=DIR or KEP_DATA_DIR, else Electron's userData folder. */
function dataDir(): string {
  const flag = process.argv.find((a) => a.startsWith('--data-dir='));
  return flag?.slice('--data-dir='.length) || process.env.KEP_DATA_DIR || app.getPath('userData');
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

function rendererUrl(): string {
  return process.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(__dirname, '../renderer/index.html')).href;
}

function createWindow(): BrowserWindow {
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
    },
  });
  window.once('ready-to-show', () => window.show());
  // The window shows our page only: no navigation away, no pop-ups; links open in the browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
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
  // Nothing is granted until the window exists: then only its own page gets camera and microphone.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  let kepApp: KepApp;
  try {
    const dir = dataDir();
    // Packaged, resources/ ships beside the app (extraResources); in development it is the source tree's.
    const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
    kepApp = createApp({ dataDir: dir, config: loadMachineConfig(dir), version: app.getVersion(), nativeBinding: nativeBinding(), cipher: osCipher(), resourcesDir });
  } catch (error) {
    log.error('cannot start', { error: String(error) });
    dialog.showErrorBox('KEP Live Desk', `The application cannot start:\n${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
    return;
  }

  const window = createWindow();
  installPermissionHandlers(session.defaultSession, window, rendererUrl());
  const unbind = bindIpc(kepApp, window, rendererUrl());
  await window.loadURL(rendererUrl());
  kepApp.start();

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
