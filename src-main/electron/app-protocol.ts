import { resolve } from 'node:path';
import type { CustomScheme } from 'electron';
import { readStatic } from '../shell/static-files';

/**
 * The built renderer is served from a privileged scheme of its own, app://kep/, rather than
 * from file:// (Electron's security checklist, item 18): the page gets a real origin that the
 * sender and permission checks can compare, and a page can reach only the renderer's files,
 * not the disk. This module knows nothing of Electron's objects so it can be tested in Node.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kep';
export const APP_PAGE = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * standard: relative URLs and a real origin ('self' in the CSP is app://kep); secure: like
 * https, so camera and microphone are allowed; supportFetchAPI: the page fetches its own
 * files; codeCache: V8 keeps the renderer's compiled scripts between loads, as Chromium does for
 * https only by default (the browser shell's reloads of a day of 1,000 showed its rows ~100 ms
 * sooner with it). Not corsEnabled: no other origin may read them.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/**
 * The address the window loads: the dev server's (electron-vite's ELECTRON_RENDERER_URL) in
 * development only. A packaged app ignores the variable: the sender check trusts whatever page
 * this names, so anyone who could set it would hand that page the IPC and the camera.
 */
export function rendererUrl(isPackaged: boolean, devServerUrl: string | undefined): string {
  return !isPackaged && devServerUrl ? devServerUrl : APP_PAGE;
}

/**
 * Answers app:// requests with the files below `rendererDir` and nothing else, through the
 * browser shell's static file reader (one way to serve the renderer, traversal-proof and with
 * its content types). Any other host, a method other than GET/HEAD or a path outside: 404/405.
 */
export function createAppFileHandler(rendererDir: string): (request: { url: string; method: string }) => Promise<Response> {
  const root = resolve(rendererDir);
  const notFound = (): Response => new Response('Not found.', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    const file = await readStatic(root, url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname);
    if (!file) return notFound();
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), {
      status: 200,
      headers: { 'content-type': file.type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    });
  };
}
