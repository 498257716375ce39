import { writeFileSync } from 'node:fs';
import { createServer, get as httpGet, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCitizenPageHandler } from '../../hub/src/http/citizen-page';
import { startTestHub, type TestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A raw request: no automatic decompression, so the test sees what the hub sends. */
function fetchRaw(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The page's handler on a real server on port 0, reading from its own directory. */
async function serve(dir: string): Promise<{ url: string; server: Server }> {
  const handler = createCitizenPageHandler(dir);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    if (!handler(req, res, url)) {
      res.writeHead(404);
      res.end('not ours');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('the citizen page as the hub serves it', () => {
  const dir = makeTempDir('kep-citizen-page-');
  let site: { url: string; server: Server };

  beforeAll(async () => {
    site = await serve(dir.path);
  });
  afterAll(() => {
    site.server.close();
    dir.remove();
  });

  it('says plainly when the page has not been built', async () => {
    const res = await fetchRaw(`${site.url}/join`);
    expect(res.status).toBe(503);
    expect(res.body.toString()).toContain('The citizen page is not built: run npm run build:citizen');
  });

  describe('once built', () => {
    beforeAll(() => {
      writeFileSync(join(dir.path, 'index.html'), '<!doctype html><title>page</title>');
      writeFileSync(join(dir.path, 'citizen.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
      writeFileSync(join(dir.path, 'citizen.css'), 'body { color: black; }');
      writeFileSync(join(dir.path, 'secret.txt'), 'not for anyone');
      writeFileSync(join(dir.path, 'book.html'), '<!doctype html><title>book</title>');
      writeFileSync(join(dir.path, 'booking.js'), `console.log(${JSON.stringify('b'.repeat(5000))});`);
      writeFileSync(join(dir.path, 'booking.css'), 'main { color: navy; }');
    });

    it('serves the page at /join with a strict policy and no caching', async () => {
      const res = await fetchRaw(`${site.url}/join`);
      expect(res.status).toBe(200);
      expect(res.body.toString()).toBe('<!doctype html><title>page</title>');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
      expect(res.headers['permissions-policy']).toBe('camera=(self), microphone=(self), display-capture=()');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('serves its script and stylesheet with their types, compressed when asked', async () => {
      const js = await fetchRaw(`${site.url}/join/assets/citizen.js`, { headers: { 'accept-encoding': 'gzip, deflate' } });
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(js.body).toString()).toContain('console.log');
      const css = await fetchRaw(`${site.url}/join/assets/citizen.css`);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(css.headers['content-encoding']).toBeUndefined();
      expect(css.body.toString()).toBe('body { color: black; }');
      // Asked again with its tag: nothing to send.
      const again = await fetchRaw(`${site.url}/join/assets/citizen.css`, { headers: { 'if-none-match': String(css.headers.etag) } });
      expect(again.status).toBe(304);
    });

    it('serves nothing else from its directory, however the path is spelled', async () => {
      for (const path of [
        '/join/secret.txt',
        '/join/assets/secret.txt',
        '/join/assets/../secret.txt',
        '/join/assets/%2e%2e/secret.txt',
        '/join/assets/..%2fsecret.txt',
        '/join/index.html',
        '/join/assets/',
      ]) {
        const res = await fetchRaw(`${site.url}${path}`);
        expect(res.status, path).toBe(404);
        expect(res.body.toString(), path).not.toContain('not for anyone');
      }
      const raw = await new Promise<number>((resolve) =>
        httpGet({ host: '127.0.0.1', port: Number(new URL(site.url).port), path: '/join/assets/../../secret.txt' }, (res) => resolve(res.statusCode ?? 0)),
      );
      expect(raw).toBe(404);
      expect((await fetchRaw(`${site.url}/join`, { method: 'POST' })).status).toBe(405);
    });

    it('serves the booking page at /book and /book/ under the same policy, without the camera', async () => {
      for (const path of ['/book', '/book/']) {
        const res = await fetchRaw(`${site.url}${path}`);
        expect(res.status, path).toBe(200);
        expect(res.body.toString()).toBe('<!doctype html><title>book</title>');
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.headers['cache-control']).toBe('no-store');
        expect(res.headers['content-security-policy']).toContain("connect-src 'self'");
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
        expect(res.headers['permissions-policy']).toBe('camera=(), microphone=(), display-capture=()');
        expect(res.headers['referrer-policy']).toBe('no-referrer');
      }
      const js = await fetchRaw(`${site.url}/book/assets/booking.js`, { headers: { 'accept-encoding': 'gzip' } });
      expect(js.status).toBe(200);
      expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(js.headers['cache-control']).toBe('no-cache');
      expect(gunzipSync(js.body).toString()).toContain('bbbb');
      const css = await fetchRaw(`${site.url}/book/assets/booking.css`);
      expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
      expect(css.body.toString()).toBe('main { color: navy; }');
      expect((await fetchRaw(`${site.url}/book/assets/booking.css`, { headers: { 'if-none-match': String(css.headers.etag) } })).status).toBe(304);
    });

    it('leaves the sign-in paths under /book to their own handler, and serves nothing else there', async () => {
      for (const path of ['/book/sign-in?return=/book', '/book/callback?code=x&state=y', '/book/sign-out']) {
        const res = await fetchRaw(`${site.url}${path}`, { method: path.endsWith('sign-out') ? 'POST' : 'GET' });
        expect(res.body.toString(), path).toBe('not ours');
      }
      for (const path of [
        '/book/secret.txt',
        '/book/assets/citizen.js',
        '/join/assets/booking.js',
        '/book/book.html',
        '/book/assets/../secret.txt',
        '/booking',
      ]) {
        const res = await fetchRaw(`${site.url}${path}`);
        expect(res.status, path).toBe(404);
        expect(res.body.toString(), path).not.toContain('not for anyone');
      }
      expect((await fetchRaw(`${site.url}/book`, { method: 'POST' })).status).toBe(405);
    });
  });
});

describe('the hub', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startTestHub([]);
  });
  afterAll(() => t.stop());

  it('answers /join with the page (or why it cannot) under the page policy, and keeps its other paths', async () => {
    const page = await fetchRaw(`${t.hub.url}/join`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect((await fetchRaw(`${t.hub.url}/health`)).status).toBe(200);
    expect((await fetchRaw(`${t.hub.url}/joined`)).status).toBe(404);
    const book = await fetchRaw(`${t.hub.url}/book`);
    expect([200, 503]).toContain(book.status);
    expect(book.headers['permissions-policy']).toBe('camera=(), microphone=(), display-capture=()');
  });
});
