import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { addUser } from '../../hub/src/auth/users';
import { type RunningHub, startHub } from '../../hub/src/server';
import { bookToday } from './booking';
import { startProcess, type StartedProcess } from './processes';
import { makeTempDir } from './temp-dir';

export interface DeskProcess {
  process: StartedProcess;
  /** Calls a channel over the shell's bridge, exactly as the renderer does. */
  call(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>;
}

/** An empty page for the shell to serve: the bridge is all a crash test drives. */
export function writeBlankRenderer(dir: string): void {
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head></head><body></body></html>');
}

/** The app's main services in their own process (the browser shell), driven over its bridge: a SIGKILL is a real crash. */
export async function startDeskProcess(options: { dataDir: string; hubUrl: string; token: string; rendererDir: string }): Promise<DeskProcess> {
  const process = await startProcess(
    'src-main/shell/cli.ts',
    [`--data-dir=${options.dataDir}`, `--hub-url=${options.hubUrl}`, `--renderer-dir=${options.rendererDir}`],
    {
      KEP_HUB_TOKEN: options.token,
    },
  );
  const url = String(process.ready.url);
  const cookie = ((await fetch(url, { redirect: 'manual' })).headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const origin = new URL(url).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}/__kep/bridge`, { headers: { cookie, origin } });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.on('error', () => undefined); // the process may be killed under it
  let id = 0;
  const waiting = new Map<number, (r: { ok: boolean }) => void>();
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean } };
    if (message.id && message.result) waiting.get(message.id)?.(message.result);
  });
  return {
    process,
    call: (channel, input) =>
      new Promise((resolve) => {
        id += 1;
        waiting.set(id, resolve);
        ws.send(JSON.stringify({ id, channel, input }));
      }),
  };
}

/** A hub with one KEP, its desk's credential, an employee and a booking, and the folders a desk process uses. */
export interface CrashScene {
  hub: RunningHub;
  token: string;
  password: string;
  appointmentId: string;
  appDir: string;
  /** Starts the desk process against the hub, or against `hubUrl` (a proxy in front of it). */
  startDesk(hubUrl?: string): Promise<DeskProcess>;
  close(): Promise<void>;
}

export async function startCrashScene(): Promise<CrashScene> {
  const kep = 'kep-athina-kentro';
  const password = 'a long enough password';
  const hubDir = makeTempDir('kep-hub-');
  const appDir = makeTempDir('kep-crash-');
  const rendererDir = makeTempDir('kep-renderer-');
  writeBlankRenderer(rendererDir.path);
  const hub = await startHub({ dataDir: hubDir.path, port: 0 });
  hub.store.upsertKep({ id: kep, name: 'ΚΕΠ' });
  const token = hub.store.addWorkstation(kep, 'desk').token;
  await addUser(hub.store, { kepId: kep, username: 'maria', displayName: 'Μαρία', role: 'employee', password });
  return {
    hub,
    token,
    password,
    appointmentId: bookToday(hub.store, kep, 30).id,
    appDir: appDir.path,
    startDesk: (hubUrl = hub.url) => startDeskProcess({ dataDir: appDir.path, hubUrl, token, rendererDir: rendererDir.path }),
    async close() {
      await hub.close();
      for (const dir of [hubDir, appDir, rendererDir]) dir.remove();
    },
  };
}
