import { isAscii } from 'node:buffer';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { assertAscii, buildShell, SHELL_BUNDLE } from '../../scripts/build-shell';
import { BUILT_BRIDGE } from '../../src-main/shell/browser-shell';
import { SHELL_APP } from '../../src-main/shell/built-files';
import { makeTempDir } from '../support/temp-dir';

/** The shell as `npm run build` leaves it (out/shell), started by bare node as a desk starts main. */
let dir: ReturnType<typeof makeTempDir>;
let rendererDir: string;
const stops: (() => void)[] = [];
let url: string;
const BRIDGE_FILE = join(dirname(SHELL_BUNDLE), BUILT_BRIDGE);

interface StartedShell {
  url: string;
  /** Stops it as a desk is closed (SIGTERM), resolving once it has exited. */
  stop(): Promise<void>;
}

function startShell(dataDir: string, rendererDir: string): Promise<StartedShell> {
  const child = spawn(process.execPath, [SHELL_BUNDLE, `--data-dir=${dataDir}`, `--renderer-dir=${rendererDir}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stops.push(() => child.kill('SIGKILL'));
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise<StartedShell>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the built shell did not start:\n${err}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`the built shell exited (${code}):\n${err}`)));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      clearTimeout(timer);
      resolve({
        url: (JSON.parse(line) as { url: string }).url,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

/** Asks the shell for app.info over its bridge, as the page does. */
async function appInfo(url: string): Promise<unknown> {
  const entry = await fetch(url, { redirect: 'manual' });
  const cookie = (entry.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const origin = new URL(url).origin;
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
  return answer;
}

beforeAll(async () => {
  await buildShell();
  // Marked, so the test tells the file beside the shell from a bridge bundled at start.
  writeFileSync(BRIDGE_FILE, `${readFileSync(BRIDGE_FILE, 'utf8')}\n// built beside the shell\n`);
  dir = makeTempDir();
  rendererDir = join(dir.path, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  url = (await startShell(join(dir.path, 'data'), rendererDir)).url;
}, 60_000);
afterAll(() => {
  for (const stop of stops) stop();
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

    const answer = await appInfo(url);
    expect(answer).toMatchObject({ id: 1, result: { ok: true, value: { enrolled: false } } });
  });

  it('is plain ASCII, which its entry reads into a string at once', () => {
    expect(isAscii(readFileSync(join(dirname(SHELL_BUNDLE), SHELL_APP)))).toBe(true);
  });

  it('stops the build at code it could not make ASCII, and leaves the file as it was', () => {
    // A tagged template's raw text is code esbuild cannot escape: the check refuses it, unchanged.
    const file = join(dir.path, 'tagged.cjs');
    const code = 'module.exports = String.raw`Αθήνα`;\n';
    writeFileSync(file, code);
    expect(() => assertAscii(file)).toThrow(/not plain ASCII at offset 28/);
    expect(readFileSync(file, 'utf8')).toBe(code);
  });

  it('starts the next time from the code cache it wrote, and replaces a damaged one', async () => {
    const dataDir = join(dir.path, 'cached');
    const cache = join(dataDir, 'code-cache', 'browser-shell.cache');
    const info = { id: 1, result: { ok: true, value: { enrolled: false } } };
    const run = async (): Promise<void> => {
      const shell = await startShell(dataDir, rendererDir);
      expect(await appInfo(shell.url)).toMatchObject(info);
      await shell.stop();
    };

    await run();
    const written = readFileSync(cache);
    // A start that could use the cache leaves it as it is.
    await run();
    expect(readFileSync(cache).equals(written)).toBe(true);

    const damaged = Buffer.from(written);
    damaged[damaged.length >> 1] = (damaged[damaged.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(cache, damaged);
    await run();
    const replaced = readFileSync(cache);
    expect(replaced.equals(damaged)).toBe(false);
    await run();
    expect(readFileSync(cache).equals(replaced)).toBe(true);
  }, 60_000);
});
