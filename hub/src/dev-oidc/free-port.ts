import { createServer } from 'node:net';

/**
 * A loopback port free just now. The demo and the tests choose the hub's port this way before
 * starting the test provider, which must know the hub's callback address before the hub knows
 * the provider's issuer.
 */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
