import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../tests/support/chromium';

/**
 * Chromium driven over its DevTools protocol with nothing but Page, Runtime, Emulation and
 * Performance: no Network domain. Playwright enables Network on every page it drives, and Chromium
 * then copies every WebSocket frame to it: for the browser shell's bridge, whose day of 1,000 is
 * one 578 KB message, that costs the page 15-20 ms that Electron's IPC never pays. What the page
 * takes to show the day is timed here without it; Playwright's figures are kept beside.
 */
export interface UnwatchedPage {
  /** A CDP command to the page; rejects with CDP's error. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluates an expression in the page and returns its value (JSON-serializable). */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 15_000;

interface CdpAnswer {
  id: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** Starts Chromium headless with the tests' flags and opens one page of `width`×`height`, `init` run before each document's own scripts. */
export async function openUnwatchedPage(init: string, width: number, height: number): Promise<UnwatchedPage> {
  const profile = mkdtempSync(join(tmpdir(), 'kep-bench-chromium-'));
  const chromium: ChildProcess = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => chromium.once('exit', resolve));
  const stop = async (closeGracefully?: () => void): Promise<void> => {
    if (chromium.exitCode === null && chromium.signalCode === null) {
      if (closeGracefully) closeGracefully();
      else chromium.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      chromium.kill('SIGKILL');
    }
    // Its helper processes may still be writing their last files as the browser exits.
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  try {
    // Chromium writes the port and the browser's WebSocket path here once it listens.
    const portFile = join(profile, 'DevToolsActivePort');
    const until = Date.now() + START_TIMEOUT_MS;
    let lines: string[] = [];
    while ((lines = existsSync(portFile) ? readFileSync(portFile, 'utf8').split('\n') : []).length < 2 || !lines[1]) {
      if (Date.now() > until || chromium.exitCode !== null)
        throw new Error(`Chromium (${CHROMIUM_PATH}) did not open its DevTools port within ${START_TIMEOUT_MS} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const socket = new WebSocket(`ws://127.0.0.1:${lines[0]}${lines[1]}`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    let nextId = 0;
    const waiting = new Map<number, (answer: CdpAnswer) => void>();
    socket.on('message', (data) => {
      const answer = JSON.parse(String(data)) as CdpAnswer;
      waiting.get(answer.id)?.(answer);
      waiting.delete(answer.id);
    });
    const command = <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> =>
      new Promise((resolve, reject) => {
        nextId += 1;
        waiting.set(nextId, (answer) => (answer.error ? reject(new Error(`${method}: ${answer.error.message}`)) : resolve((answer.result ?? {}) as T)));
        socket.send(JSON.stringify({ id: nextId, method, params, ...(sessionId ? { sessionId } : {}) }));
      });

    const { targetId } = await command<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await command<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
    const send = <T>(method: string, params?: Record<string, unknown>): Promise<T> => command<T>(method, params, sessionId);
    await send('Page.enable');
    await send('Page.addScriptToEvaluateOnNewDocument', { source: init });
    await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
    return {
      send,
      evaluate: async <T>(expression: string): Promise<T> => {
        const { result, exceptionDetails } = await send<{ result: { value: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', {
          expression,
          returnByValue: true,
        });
        if (exceptionDetails) throw new Error(`Evaluating in the page failed: ${exceptionDetails.text}`);
        return result.value;
      },
      close: async () => {
        // Browser.close lets Chromium end its helper processes and finish its profile's files.
        await stop(() => void command('Browser.close').catch(() => chromium.kill('SIGTERM')));
        socket.close();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
