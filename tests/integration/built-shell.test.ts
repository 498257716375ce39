import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildShell, SHELL_BUNDLE } from '../../scripts/build-shell';
import { BUILT_BRIDGE } from '../../src-main/shell/browser-shell';
import { makeTempDir } from '../support/temp-dir';

/** The shell as `npm run build` leaves it (out/shell), started by bare node as a desk starts main. */
let dir: ReturnType<typeof makeTempDir>;
let stop: () => void = () => undefined;
let url: string;
const BRIDGE_FILE = join(dirname(SHELL_BUNDLE), BUILT_BRIDGE);

beforeAll(async () => {
  await buildShell();
  // Marked, so the test tells the file beside the shell from a bridge bundled at start.
  writeFileSync(BRIDGE_FILE, `${readFileSync(BRIDGE_FILE, 'utf8')}\n// built beside the shell\n`);
  dir = makeTempDir();
  const rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  const child = spawn(process.execPath, [SHELL_BUNDLE, `--data-dir=${join(dir.path, 'data')}`, `--renderer-dir=${rendererDir}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stop = () => child.kill('SIGKILL');
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the built shell did not start:\n${err}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the built shell exited (${code}):\n${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { url: string }).url);
    });
  });
}, 60_000);
afterAll(() => {
  stop();
  dir.remove();
});

describe('the built browser shell', () => {
  it('starts under bare node, serves the bridge built beside it, and answers the page', async () => {
    const entry = await fetch(url, { redirect: 'manual' });
    expect(entry.status).toBe(303);
    const cookie = (entry.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const origin = new URL(url).origin;

    const bridge = await fetch(`${origin}/__kep/bridge.js`, { headers: { cookie } });
    expect(bridge.status).toBe(200);
    const served = await bridge.text();
    expect(served).toBe(readFileSync(BRIDGE_FILE, 'utf8'));
    expect(served).toMatch(/built beside the shell/);

    const ws = new WebSocket(`${origin.replace('http', 'ws')}/__kep/bridge`, { headers: { cookie, origin } });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const answer = await new Promise<unknown>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number };
        if (message.id === 1) resolve(message);
      });
      ws.send(JSON.stringify({ id: 1, channel: 'app.info', input: undefined }));
    });
    ws.terminate();
    expect(answer).toMatchObject({ id: 1, result: { ok: true, value: { enrolled: false } } });
  });
});
