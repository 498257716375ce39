import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import { appointmentsResponseSchema } from '../../src-shared/protocol/hub-api';
import { startTestHub, type TestHub } from '../support/hub';

const TODAY = '2026-11-30';
const ATHENS = (DEMO_KEPS[0] as { id: string }).id;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub([TODAY]);
});
afterAll(async () => {
  await hub.stop();
});

/** A raw GET (fetch would ask for gzip and undo it): the headers and bytes as they came. */
function get(path: string, acceptEncoding?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${hub.tokens[ATHENS]}` };
    if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
    request(`${hub.hub.url}/api/v1${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('response compression (PROTOCOL.md §3)', () => {
  it('gzips a day only for a client that asks for it', async () => {
    const plain = await get(`/appointments?date=${TODAY}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('accept-encoding');
    const day = appointmentsResponseSchema.parse(JSON.parse(plain.body.toString('utf8')));
    expect(day.appointments.length).toBeGreaterThan(0);

    const zipped = await get(`/appointments?date=${TODAY}`, 'br, gzip;q=0.5');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    const unzipped = appointmentsResponseSchema.parse(JSON.parse(gunzipSync(zipped.body).toString('utf8')));
    expect({ ...unzipped, serverTime: '' }).toEqual({ ...day, serverTime: '' });
  });

  it('never gzips when the client refuses it or names only other codings', async () => {
    for (const refusal of ['gzip;q=0', 'identity', 'br', '*;q=0', 'gzip;q=0, *']) {
      const answer = await get(`/appointments?date=${TODAY}`, refusal);
      expect(answer.headers['content-encoding'], refusal).toBeUndefined();
      expect(() => JSON.parse(answer.body.toString('utf8'))).not.toThrow();
    }
  });

  it('leaves small answers and other routes as they are', async () => {
    const feed = await get('/changes?since=999999999', 'gzip');
    expect(feed.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(feed.body.toString('utf8'))).toMatchObject({ reset: true });
    const workstation = await get('/workstation', 'gzip');
    expect(workstation.headers['content-encoding']).toBeUndefined();
  });

  it("is undone by the desk's fetch, which asks for it", async () => {
    const response = await fetch(`${hub.hub.url}/api/v1/changes?since=0`, { headers: { authorization: `Bearer ${hub.tokens[ATHENS]}` } });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(((await response.json()) as { appointments: unknown[] }).appointments.length).toBeGreaterThan(0);
  });
});
