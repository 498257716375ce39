import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PAGE, APP_SCHEME_PRIVILEGES, createAppFileHandler, rendererUrl } from '../../src-main/electron/app-protocol';
import { mayOpenExternally } from '../../src-main/electron/external-links';
import { isOwnPage } from '../../src-main/electron/trusted-sender';
import { makeTempDir } from '../support/temp-dir';

let root: ReturnType<typeof makeTempDir>;
let serve: ReturnType<typeof createAppFileHandler>;

beforeAll(() => {
  // The renderer is served from root/renderer; root/secret.txt must stay out of reach.
  root = makeTempDir();
  const renderer = join(root.path, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(renderer, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(root.path, 'secret.txt'), 'do not serve');
  serve = createAppFileHandler(join(renderer, '.'));
});
afterAll(() => root.remove());

describe('the app:// scheme', () => {
  it('is privileged as a standard, secure scheme that other origins cannot read', () => {
    expect(APP_PAGE).toBe('app://kep/index.html');
    expect(APP_SCHEME_PRIVILEGES).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } });
  });

  it('serves the renderer’s files with their content types', async () => {
    const page = await serve({ url: 'app://kep/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>t</title>');
    expect(await (await serve({ url: 'app://kep/', method: 'GET' })).text()).toContain('<title>t</title>');
    const script = await serve({ url: 'app://kep/assets/index.js?v=1', method: 'GET' });
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const head = await serve({ url: 'app://kep/assets/index.js', method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('serves nothing outside the renderer, for no other host and no other method', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%E0%A4%A',
      '/missing.js',
    ]) {
      const res = await serve({ url: `app://kep${path}`, method: 'GET' });
      expect(await res.text(), path).not.toContain('do not serve');
      expect(res.status, path).toBe(404);
    }
    for (const url of [
      'app://evil/index.html',
      'app://kep.evil/index.html',
      'app://user@kep/index.html',
      'file:///index.html',
      'https://kep/index.html',
      'not a url',
    ]) {
      expect((await serve({ url, method: 'GET' })).status, url).toBe(404);
    }
    expect((await serve({ url: 'app://kep/index.html', method: 'POST' })).status).toBe(405);
  });

  it('is what a packaged app loads, whatever ELECTRON_RENDERER_URL says', () => {
    expect(rendererUrl(true, 'http://evil.example/')).toBe(APP_PAGE);
    expect(rendererUrl(true, undefined)).toBe(APP_PAGE);
    expect(rendererUrl(false, undefined)).toBe(APP_PAGE);
    expect(rendererUrl(false, 'http://localhost:5173')).toBe('http://localhost:5173');
  });
});

describe('the app’s own page (IPC sender and permission checks)', () => {
  it('is app://kep, as a page or as an origin', () => {
    expect(isOwnPage('app://kep/index.html', APP_PAGE)).toBe(true);
    expect(isOwnPage('app://kep/index.html#/call', APP_PAGE)).toBe(true);
    expect(isOwnPage('app://kep', APP_PAGE)).toBe(true);
  });

  it('is not a file, nor a lookalike origin', () => {
    for (const url of [
      'file:///opt/kep/resources/app.asar/out/renderer/index.html',
      'file://kep/index.html',
      'app://kep.evil/index.html',
      'app://evil.kep/index.html',
      'app://kepx/index.html',
      'app://kep:8080/index.html',
      'app://user@kep/index.html',
      'https://kep/index.html',
      'http://kep/index.html',
      'kep://app/index.html',
      'null',
      '',
    ]) {
      expect(isOwnPage(url, APP_PAGE), url).toBe(false);
    }
  });

  it('is the dev server’s origin in development', () => {
    expect(isOwnPage('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isOwnPage('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isOwnPage('app://kep/index.html', 'http://localhost:5173')).toBe(false);
  });
});

describe('links opened in the system browser', () => {
  const HUB = 'https://hub.kep.gov.example';

  it('go to the configured hub’s origin or to gov.gr only', () => {
    for (const url of [
      'https://hub.kep.gov.example/join#token',
      'https://www.gov.gr/',
      'https://gov.gr/ipiresies',
      'https://kep.gov.gr/x?y=1',
      'https://a.b.gov.gr/',
    ]) {
      expect(mayOpenExternally(url, HUB), url).toBe(true);
    }
    expect(mayOpenExternally('http://127.0.0.1:4300/join#t', 'http://127.0.0.1:4300')).toBe(true);
  });

  it('never anywhere else', () => {
    for (const url of [
      'https://evil.example/',
      'https://evilgov.gr/',
      'https://gov.gr.evil.example/',
      'https://www.gov.gr.evil.example/',
      'http://www.gov.gr/',
      'https://www.gov.gr:8443/',
      'https://user@www.gov.gr/',
      'https://hub.kep.gov.example:444/',
      'http://hub.kep.gov.example/',
      'https://sub.hub.kep.gov.example/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://kep/index.html',
      'not a url',
    ]) {
      expect(mayOpenExternally(url, HUB), url).toBe(false);
    }
    expect(mayOpenExternally('https://hub.kep.gov.example/', null)).toBe(false);
    expect(mayOpenExternally('https://hub.kep.gov.example/', '')).toBe(false);
  });
});
