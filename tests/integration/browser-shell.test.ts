import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addUser } from '../../hub/src/auth/users';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { createApp, type KepApp } from '../../src-main/app/create-app';
import { loadMachineConfig } from '../../src-main/config/machine-config';
import { type BrowserShell, startBrowserShell } from '../../src-main/shell/browser-shell';
import { type EventName, events } from '../../src-shared/contract/ipc';
import { startTestHub } from '../support/hub';
import { makeTempDir } from '../support/temp-dir';

let dataDir: ReturnType<typeof makeTempDir>;
let rendererRoot: ReturnType<typeof makeTempDir>;
let app: KepApp;
let shell: BrowserShell;
let cookie: string;
let rendererDir: string;

beforeAll(async () => {
  dataDir = makeTempDir();
  // The renderer is served from root/renderer; root/secret.txt must stay out of reach.
  rendererRoot = makeTempDir();
  rendererDir = join(rendererRoot.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'index-Ab12.js'), 'console.log(2)');
  writeFileSync(join(rendererRoot.path, 'secret.txt'), 'do not serve');
  app = createApp({ dataDir: dataDir.path, config: loadMachineConfig(dataDir.path, {}), version: 'test' });
  shell = await startBrowserShell({ app, rendererDir });
  const res = await fetch(shell.url, { redirect: 'manual' });
  cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
});
afterAll(async () => {
  await shell.close();
  app.close();
  dataDir.remove();
  rendererRoot.remove();
});

function connect(headers: Record<string, string>): Promise<WebSocket> {
  const ws = new WebSocket(`${shell.origin.replace('http', 'ws')}/__kep/bridge`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function request(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(JSON.stringify(message));
  });
}

describe('browser shell', () => {
  it('binds to loopback only', () => {
    expect(new URL(shell.url).hostname).toBe('127.0.0.1');
  });

  it('trades the per-run token for an HttpOnly, SameSite cookie and drops it from the address', async () => {
    const res = await fetch(shell.url, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/');
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it('refuses pages without the token or with a wrong one', async () => {
    expect((await fetch(`${shell.origin}/`)).status).toBe(403);
    expect((await fetch(`${shell.origin}/?token=guess`, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${shell.origin}/`, { headers: { cookie: 'kep_shell=guess' } })).status).toBe(403);
  });

  it("lets the browser keep only the build's hashed assets; the page, the bridge and the rest are no-store", async () => {
    const get = (path: string) => fetch(`${shell.origin}${path}`, { headers: { cookie } });
    const asset = await get('/assets/index-Ab12.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    for (const path of ['/', '/index.html', '/app.js', '/__kep/bridge.js']) expect((await get(path)).headers.get('cache-control')).toBe('no-store');
    // A path that only starts as an asset's, encoded to leave assets/, is no asset.
    const escaped = await get('/assets/%2e%2e%2fapp.js');
    expect(await escaped.text()).toBe('console.log(1)');
    expect(escaped.headers.get('cache-control')).toBe('no-store');
    const missing = await get('/assets/index-Zz99.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');
  });

  it('serves the renderer with the bridge script first, and nothing outside it', async () => {
    const html = await (await fetch(`${shell.origin}/`, { headers: { cookie } })).text();
    expect(html).toMatch(/<head>\s*<script src="\/__kep\/bridge.js"><\/script>/);
    expect((await fetch(`${shell.origin}/app.js`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${shell.origin}/__kep/bridge.js`, { headers: { cookie } })).status).toBe(200);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/%E0%A4%A']) {
      const res = await fetch(`${shell.origin}${path}`, { headers: { cookie } });
      expect(await res.text()).not.toContain('do not serve');
      expect(res.status).toBe(404);
    }
  });

  it('accepts bridge connections only with the cookie and from its own origin', async () => {
    await expect(connect({ origin: shell.origin })).rejects.toThrow();
    await expect(connect({ cookie, origin: 'http://evil.example' })).rejects.toThrow();
    const ws = await connect({ cookie, origin: shell.origin });
    ws.close();
  });

  it('answers in text frames of UTF-8, as a page reads them, Greek included', async () => {
    const ws = await connect({ cookie, origin: shell.origin });
    const answer = new Promise<{ text: string; isBinary: boolean }>((resolve) => {
      ws.once('message', (data, isBinary) => resolve({ text: String(data), isBinary }));
    });
    ws.send(JSON.stringify({ id: 7, channel: 'Γκισέ', input: null }));
    const { text, isBinary } = await answer;
    ws.close();
    expect(isBinary).toBe(false);
    expect(JSON.parse(text)).toMatchObject({ id: 7, result: { ok: false, error: { code: 'unknown_channel', message: 'There is no channel "Γκισέ".' } } });
  });

  it('dispatches through the same contract, with validation', async () => {
    const ws = await connect({ cookie, origin: shell.origin });
    try {
      expect(await request(ws, { id: 1, channel: 'settings.update', input: { language: 'en' } })).toEqual({
        id: 1,
        result: { ok: true, value: { language: 'en', devices: { cameraId: null, microphoneId: null, speakerId: null } } },
      });
      const bad = (await request(ws, { id: 2, channel: 'session.signIn', input: { username: '', password: 'x' } })) as {
        result: { ok: boolean; error: { code: string; message: string } };
      };
      expect(bad.result.ok).toBe(false);
      expect(bad.result.error.code).toBe('invalid_input');
      expect(bad.result.error.message).toContain('Enter your username');
      const locked = (await request(ws, { id: 4, channel: 'day.get', input: { date: '2026-11-30' } })) as { result: { error: { code: string } } };
      expect(locked.result.error.code).toBe('unauthorized');
      const unknown = (await request(ws, { id: 3, channel: 'shell.exec' })) as { result: { error: { code: string } } };
      expect(unknown.result.error.code).toBe('unknown_channel');
    } finally {
      ws.close();
    }
  });
});

/** A bridge client that keeps the events apart from the answers. */
function bridgeClient(ws: WebSocket): { events: EventName[]; call(channel: string, input?: unknown): Promise<{ ok: boolean; error?: { code: string } }> } {
  const seen: EventName[] = [];
  const waiting = new Map<number, (result: { ok: boolean }) => void>();
  let next = 1;
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; event?: EventName; result?: { ok: boolean } };
    if (message.event) seen.push(message.event);
    else if (message.id !== undefined && message.result) waiting.get(message.id)?.(message.result);
  });
  return {
    events: seen,
    call: (channel, input) =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, input }));
      }),
  };
}

describe('browser shell events', () => {
  const KEP = DEMO_KEPS[0]!.id;
  const PASSWORD = 'a long enough password';

  it('sends IT staff only the public events, and employees the day’s news too', async () => {
    const hub = await startTestHub([]);
    const dir = makeTempDir();
    await addUser(hub.hub.store, { kepId: KEP, username: 'maria', displayName: 'Μαρία Παπαδοπούλου', role: 'employee', password: PASSWORD });
    await addUser(hub.hub.store, { kepId: KEP, username: 'it-desk', displayName: 'Υποστήριξη', role: 'it-admin', password: PASSWORD });
    const desk = createApp({
      dataDir: dir.path,
      config: loadMachineConfig(dir.path, {}, { hubUrl: hub.hub.url, workstationToken: hub.tokens[KEP] as string }),
      version: 'test',
    });
    const deskShell = await startBrowserShell({ app: desk, rendererDir });
    const deskCookie = ((await fetch(deskShell.url, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ws = new WebSocket(`${deskShell.origin.replace('http', 'ws')}/__kep/bridge`, { headers: { cookie: deskCookie, origin: deskShell.origin } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const restricted = (names: EventName[]): EventName[] => names.filter((name) => events[name].access !== 'public');
    try {
      const client = bridgeClient(ws);
      // IT signs in and syncs: a full sync always announces the days it stored (day.changed).
      expect((await client.call('session.signIn', { username: 'it-desk', password: PASSWORD })).ok).toBe(true);
      expect((await client.call('sync.now')).ok).toBe(true);
      expect(client.events).toContain('session.changed');
      expect(client.events).toContain('sync.changed');
      expect(restricted(client.events)).toEqual([]);

      expect((await client.call('session.signOut')).ok).toBe(true);
      client.events.length = 0;
      expect((await client.call('session.signIn', { username: 'maria', password: PASSWORD })).ok).toBe(true);
      expect((await client.call('sync.now')).ok).toBe(true);
      expect(client.events).toContain('day.changed');
    } finally {
      ws.close();
      await deskShell.close();
      desk.close();
      await hub.stop();
      dir.remove();
    }
  });
});
