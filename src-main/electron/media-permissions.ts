import type { BrowserWindow, Session } from 'electron';
import { isOwnPage } from './trusted-sender';

const ALLOWED_MEDIA = new Set(['audio', 'video']);

/**
 * Camera and microphone for the app's own page in its own window, and nothing else for anyone:
 * no screen capture, no other origin, no frame, no USB/HID/serial devices. Notifications are the
 * lobby's alert. The renderer asks for media only in a call or the device settings. The page is
 * recognised by its origin (app://kep, or the dev server in development: isOwnPage), never by a
 * file path.
 */
export function installPermissionHandlers(session: Session, window: BrowserWindow, rendererUrl: string): void {
  const own = (contents: Electron.WebContents | null, url: string): boolean => contents === window.webContents && isOwnPage(url, rendererUrl);
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    if (!own(contents, details.requestingUrl) || !details.isMainFrame) return callback(false);
    if (permission === 'media') {
      const types = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
      return callback(types.length > 0 && types.every((t) => ALLOWED_MEDIA.has(t)));
    }
    callback(permission === 'notifications' || permission === 'speaker-selection');
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin) => {
    if (!own(contents, requestingOrigin)) return false;
    return permission === 'media' || permission === 'notifications' || permission === 'speaker-selection';
  });
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}
