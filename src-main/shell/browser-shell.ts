import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { createLogger } from '../../src-shared/log';
import { BRIDGE_PATH } from '../../src-preload/shell-bridge-path';
import type { KepApp } from '../app/create-app';
import { readStatic } from './static-files';

const log = createLogger('browser-shell');

const COOKIE = 'kep_shell';
const BRIDGE_SCRIPT = '/__kep/bridge.js';
/** The bridge's file beside the built shell (out/shell). */
export const BUILT_BRIDGE = 'bridge.js';
const requestSchema = z.object({ id: z.number().int().positive(), channel: z.string().max(100), input: z.unknown().optional() });

export interface BrowserShellOptions {
  app: KepApp;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
}

export interface BrowserShell {
  /** Open this in Chromium; it carries the per-run token once, then a cookie takes over. */
  url: string;
  origin: string;
  close(): Promise<void>;
}

function sameToken(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | undefined {
  return (req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim().split('='))
    .find(([name]) => name === COOKIE)?.[1];
}

/** How the bridge is bundled, here and by scripts/build-shell.ts (which ships it next to the built shell). */
export const BRIDGE_BUILD: BuildOptions = {
  entryPoints: [resolve(__dirname, '../../src-preload/shell-bridge.ts')],
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'chrome120',
  minify: true,
  logLevel: 'silent',
};

/** The built shell finds its bridge beside it; run from source, the shell bundles it now. */
async function bridgeScript(): Promise<string> {
  const built = await readFile(join(__dirname, BUILT_BRIDGE), 'utf8').catch(() => null);
  if (built !== null) return built;
  const { build } = await import('esbuild');
  const result = await build({ ...BRIDGE_BUILD, write: false });
  return result.outputFiles[0]?.text ?? '';
}

/**
 * The build names every file under assets/ by a hash of its content. Kept by the browser, its
 * scripts are not compiled again at each load (Chromium keeps V8's code cache only for what its
 * HTTP cache keeps), as the desk's app:// scheme has them kept (app-protocol.ts): a reload of the
 * day of 1,000 showed its rows ~100 ms sooner. Only code: the page, the bridge and all data stay
 * no-store.
 */
// A plain file name right in assets/: nothing encoded, which readStatic would decode elsewhere.
const HASHED_ASSET = /^\/assets\/[\w.-]+$/;
const IMMUTABLE = 'private, max-age=31536000, immutable';

/**
 * Serves the built renderer and main's services to a plain Chromium page: the app exactly as
 * in Electron, with `window.kep` carried over a loopback WebSocket instead of Electron IPC.
 * For tests and development only; it binds 127.0.0.1 and requires a random per-run token.
 */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const token = randomBytes(24).toString('base64url');
  const rendererDir = resolve(options.rendererDir);
  const bridgeJs = await bridgeScript();
  const indexHtml = (await readStatic(rendererDir, '/index.html'))?.body.toString('utf8');
  if (!indexHtml) throw new Error(`No built renderer at ${rendererDir}; run "npm run build" first.`);
  // A classic script in <head> runs before the renderer's module scripts, so window.kep is there first.
  const shellHtml = indexHtml.replace('<head>', `<head>\n    <script src="${BRIDGE_SCRIPT}"></script>`);
  let origin = '';

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, cache = 'no-store'): void => {
    res.writeHead(status, {
      'content-type': type,
      'cache-control': cache,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "frame-ancestors 'none'",
    });
    res.end(body);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const presented = url.searchParams.get('token');
      if (presented !== null) {
        if (!sameToken(presented, token)) return send(res, 403, 'text/plain; charset=utf-8', 'Wrong shell token.');
        // Trade the token in the address for a cookie, so it does not linger in history or logs.
        res.writeHead(303, {
          location: '/',
          'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        });
        return res.end();
      }
      if (!sameToken(cookieToken(req), token)) {
        return send(res, 403, 'text/plain; charset=utf-8', 'Open the address the browser shell printed at start.');
      }
      if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, 'text/html; charset=utf-8', shellHtml);
      if (url.pathname === BRIDGE_SCRIPT) return send(res, 200, 'text/javascript; charset=utf-8', bridgeJs);
      const file = await readStatic(rendererDir, url.pathname);
      if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found.');
      return send(res, 200, file.type, file.body, HASHED_ASSET.test(url.pathname) ? IMMUTABLE : 'no-store');
    })();
  });

  // Large enough for a file received in a call (10 MB as base64) and nothing much larger.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname !== BRIDGE_PATH || req.headers.origin !== origin || !sameToken(cookieToken(req), token)) {
      log.warn('refused bridge connection', { origin: req.headers.origin, path: url.pathname });
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveBridge(ws, options.app));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    close: () =>
      new Promise((resolveClose) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}

/**
 * Sends a message as a text frame of UTF-8 bytes encoded once. Given the string, ws measures its
 * UTF-8 length and the socket then encodes it: two passes over a day's JSON (a megabyte of
 * two-byte text with the citizens' Greek names), the slower one about 5 ms, before the first day.
 */
function sendJson(ws: WebSocket, message: unknown): void {
  ws.send(Buffer.from(JSON.stringify(message)), { binary: false });
}

function serveBridge(ws: WebSocket, app: KepApp): void {
  // app.events is gated already, as app.invoke is: by the signed-in role and the contract's schemas (ipc/event-gate.ts).
  const unsubscribe = app.events.subscribe((event, payload) => {
    sendJson(ws, { event, payload });
  });
  ws.on('close', unsubscribe);
  ws.on('message', (data) => {
    let request: z.infer<typeof requestSchema>;
    try {
      request = requestSchema.parse(JSON.parse(String(data)));
    } catch {
      log.warn('dropped a malformed bridge message');
      return;
    }
    void app.invoke(request.channel, request.input).then((result) => {
      sendJson(ws, { id: request.id, result });
    });
  });
}

export const DEFAULT_RENDERER_DIR = join(__dirname, '../../out/renderer');
