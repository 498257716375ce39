import { createConnection } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startRedis } from '../support/redis';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Redis's inline PING, over a bare socket: its first reply line. */
const ping = (port: number): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.end();
      resolve(data.toString().trim());
    });
    socket.once('error', reject);
  });

describe('startRedis (tests/support/redis.ts)', () => {
  it('stops the redis-server it started when that does not report ready in time', async () => {
    const outcome = await startRedis({ readyWithinMs: 1 }).then(
      async (redis) => {
        await redis.stop();
        return null;
      },
      (error: unknown) => error,
    );
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toMatch(/did not report ready within 1 ms/);
    const { pid } = outcome as { pid?: number };
    expect(pid).toEqual(expect.any(Number));
    // Left running, it would hold its port and outlive the test run.
    await expect.poll(() => alive(pid as number), { timeout: 5_000 }).toBe(false);
  });

  it('says why when redis-server exits before it is ready', async () => {
    await expect(startRedis({ args: ['--port', 'not-a-port'] })).rejects.toThrow(/exited .* before it was ready/);
  });

  it('starts one that answers on its URL', async () => {
    const redis = await startRedis();
    try {
      expect(redis.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(await ping(Number(new URL(redis.url).port))).toBe('+PONG');
    } finally {
      await redis.stop();
    }
  });
});
