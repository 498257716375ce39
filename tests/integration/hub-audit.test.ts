import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_KEPS } from '../../hub/src/seed/demo-keps';
import type { AuditEntryPayload } from '../../src-shared/protocol/audit';
import { startTestHub, type TestHub } from '../support/hub';

let t: TestHub;
beforeAll(async () => {
  t = await startTestHub([]);
});
afterAll(() => t.stop());

const KEP = DEMO_KEPS[0]!.id;
const h = (s: string) => createHash('sha256').update(s).digest('hex');

function chain(n: number, workstationId: string | null = null): AuditEntryPayload[] {
  const out: AuditEntryPayload[] = [];
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= n; seq++) {
    const hash = h(`${prev}:${seq}`);
    out.push({
      seq,
      at: '2026-11-30T07:00:00.000Z',
      actorId: 'u1',
      workstationId,
      kind: 'session.signIn',
      appointmentId: null,
      details: {},
      prevHash: prev,
      hash,
    });
    prev = hash;
  }
  return out;
}

async function post(
  token: string,
  entry: AuditEntryPayload,
): Promise<{ status: number; body: { stored?: boolean; duplicate?: boolean; error?: { code: string; message: string } } }> {
  const res = await fetch(`${t.hub.url}/api/v1/audit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ entry }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

describe('POST /api/v1/audit', () => {
  it('keeps a chain in order, takes a repeat as a duplicate, and refuses forks, gaps and other desks’ entries', async () => {
    const token = t.tokens[KEP] as string;
    const [e1, e2, e3, e4] = chain(4);
    expect(await post(token, e1!)).toEqual({ status: 200, body: { stored: true, duplicate: false } });
    expect(await post(token, e1!)).toEqual({ status: 200, body: { stored: true, duplicate: true } });
    expect((await post(token, { ...e1!, hash: h('forged') })).body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('differs') });
    expect((await post(token, e3!)).body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('has not reached the hub') });
    expect((await post(token, { ...e2!, prevHash: h('elsewhere') })).body.error).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('does not continue'),
    });
    expect((await post(token, e2!)).status).toBe(200);
    expect((await post(token, e3!)).status).toBe(200);
    expect((await post(token, { ...e4!, workstationId: 'another-desk' })).body.error).toMatchObject({ code: 'invalid_input' });
    expect((await post(token, { ...e4!, seq: 0 })).status).toBe(400);
    expect((await post('not-a-token-at-all-really', e4!)).status).toBe(401);
  });
});
