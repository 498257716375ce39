import { WebSocket } from 'ws';
import { BRIDGE_PATH } from '../../src-preload/shell-bridge-path';
import type { IsoDate } from '../../src-shared/domain/athens-time';

/** What the page asks for first, together, before it asks for the day (use-workstation.ts). */
const PAGE_FIRST = ['app.info', 'settings.get', 'sync.status', 'session.get'] as const;

/**
 * Asks a browser shell for the day as its page does: the printed address traded for the cookie,
 * the bridge's WebSocket opened from the shell's origin, the page's first requests sent over it
 * together, and `day.get` once `session.get` is answered. Resolves with the number of
 * appointments served.
 */
export async function fetchDayFromShell(shellUrl: string, date: IsoDate, timeoutMs: number): Promise<number> {
  const signal = AbortSignal.timeout(timeoutMs);
  const response = await fetch(shellUrl, { redirect: 'manual', signal });
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  if (response.status !== 303 || !cookie) throw new Error(`the shell answered ${response.status} to its own address`);
  const origin = new URL(shellUrl).origin;
  const ws = new WebSocket(`${origin.replace('http', 'ws')}${BRIDGE_PATH}`, { headers: { cookie, origin } });
  try {
    return await new Promise<number>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error(`no day from the shell within ${timeoutMs} ms`)));
      ws.once('error', reject);
      const dayId = PAGE_FIRST.length + 1;
      ws.once('open', () => PAGE_FIRST.forEach((channel, i) => ws.send(JSON.stringify({ id: i + 1, channel, input: undefined }))));
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { id?: number; result?: { ok: boolean; value?: { appointments: unknown[] }; error?: unknown } };
        if (message.id === PAGE_FIRST.indexOf('session.get') + 1) ws.send(JSON.stringify({ id: dayId, channel: 'day.get', input: { date } }));
        if (message.id !== dayId || !message.result) return;
        if (!message.result.ok || !message.result.value) reject(new Error(`day.get failed: ${JSON.stringify(message.result.error)}`));
        else resolve(message.result.value.appointments.length);
      });
    });
  } finally {
    ws.terminate();
  }
}
