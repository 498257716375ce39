import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RedisOptions {
  /** How long redis-server has to say it accepts connections (10 s). */
  readyWithinMs?: number;
  /** More command-line arguments, after the port and the no-persistence ones. */
  args?: readonly string[];
}

/**
 * A real, throw-away Redis server on a free loopback port, without persistence. If it does not
 * become ready, it is stopped before the promise rejects (the error carries its pid): a server
 * left behind would hold its port and outlive the test run.
 */
export async function startRedis({ readyWithinMs = 10_000, args = [] }: RedisOptions = {}): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    // Never started (no pid: spawn failed), or already gone.
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  let output = '';
  try {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error): void => {
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => settle(new Error(`redis-server did not report ready within ${readyWithinMs} ms`)), readyWithinMs);
      child.once('error', (error) => settle(new Error(`redis-server could not be started (apt-get install redis-server): ${error.message}`)));
      child.once('exit', (code, signal) =>
        settle(new Error(`redis-server exited (${signal ?? `code ${code}`}) before it was ready: ${output.trim().slice(-500)}`)),
      );
      const listen = (data: Buffer): void => {
        if (settled) return;
        output += data.toString();
        if (output.includes('Ready to accept connections')) settle();
      };
      child.stdout?.on('data', listen);
      child.stderr?.on('data', listen);
    });
  } catch (error) {
    await stop();
    throw Object.assign(error as Error, { pid: child.pid });
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}
