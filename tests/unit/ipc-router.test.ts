import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ChannelSpec, CHANNELS, contract, EVENT_NAMES, events, type Needs, SUBJECT_PATHS } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import { createIpcRouter, type Handlers, joinHandlers } from '../../src-main/ipc/ipc-router';

const settings = { language: 'el' as const, devices: { cameraId: null, microphoneId: null, speakerId: null } };
const unused = (): never => {
  throw new AppError('internal', 'Not used in this test.');
};
const handlers: Handlers = {
  'app.info': () => ({
    version: '1',
    kep: null,
    hubUrl: '',
    enrolled: false,
    workstationId: null,
    credentialProtection: null,
    today: '2026-11-30',
    nextWorkingDay: '2026-12-01',
    auditTrail: { intact: true, entries: 0, firstBroken: null, unaudited: 0 },
  }),
  'workstation.enrol': () => {
    throw new AppError('unauthorized', 'This enrolment code is not valid.');
  },
  'session.get': () => null,
  'session.signIn': () => {
    throw new AppError('unauthorized', 'Wrong username or password.');
  },
  'session.signOut': () => null,
  'day.get': ({ date }) => {
    if (date === '2026-12-25') throw new AppError('not_found', 'No such day.');
    if (date === '2026-12-26') throw new Error('disk on fire');
    if (date === '2026-12-27') return { date, appointments: [{ nope: true }] } as never;
    return { date, appointments: [], work: [] };
  },
  'appointment.change': () => ({ idempotencyKey: '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e' }),
  'outbox.status': () => ({ pending: 0, refused: [], refusedCount: 0, lastDeliveredAt: null }),
  'staff.list': () => [],
  'sync.status': () => ({ state: 'never', lastSuccessAt: null, lastAttemptAt: null, lastError: null }),
  'sync.now': () => ({ state: 'idle', lastSuccessAt: null, lastAttemptAt: null, lastError: null }),
  'settings.get': () => settings,
  'settings.update': (patch) => ({ ...settings, ...patch }),
  'lobby.get': unused,
  'call.prepare': unused,
  'call.unprepare': unused,
  'call.open': unused,
  'call.close': unused,
  'call.signal': unused,
  'call.media': unused,
  'call.chat': unused,
  'call.record': () => ({ messages: [], files: [] }),
  'call.saveFile': unused,
  'call.file': unused,
  'call.quality': unused,
  'call.inviteInterpreter': unused,
  'verification.get': unused,
  'verification.tick': unused,
  'verification.fail': unused,
  'case.get': unused,
  'case.update': unused,
  'document.list': unused,
  'document.attach': unused,
  'document.remove': unused,
  'document.get': unused,
  'dispatch.list': unused,
  'dispatch.create': unused,
  'dispatch.postLetters': unused,
  'dispatch.recordPosting': unused,
  'dispatch.retry': unused,
  'dispatch.cancel': unused,
  'dispatch.owed': unused,
  'update.status': unused,
  'fleet.get': unused,
  'stats.today': unused,
  'stats.period': unused,
  'stats.export': unused,
  'catalogue.get': unused,
  'booking.slots': unused,
  'booking.create': unused,
};
let role: Role | null = 'employee';
const checked: Array<{ needs: Needs; id: string }> = [];
const FOREIGN = '0b9c1f4e-6a55-4d0e-8f34-2f8e1c7a9d10';
const invoke = createIpcRouter(handlers, {
  role: () => role,
  needs: (needs, id) => {
    checked.push({ needs, id });
    if (id === FOREIGN) throw new AppError('not_found', 'There is no such appointment at this KEP.');
  },
});

describe('IPC contract and router', () => {
  it('lists exactly the channels and events the contract defines', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('passes valid input to the handler and wraps the value', async () => {
    expect(await invoke('day.get', { date: '2026-11-30' })).toEqual({ ok: true, value: { date: '2026-11-30', appointments: [], work: [] } });
    expect(await invoke('settings.update', { language: 'en' })).toEqual({ ok: true, value: { ...settings, language: 'en' } });
  });

  it('refuses channels outside the contract', async () => {
    const result = await invoke('fs.readFile', { path: '/etc/passwd' });
    expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'There is no channel "fs.readFile".' } });
    expect((await invoke('__proto__', undefined)).ok).toBe(false);
    expect((await invoke('toString', undefined)).ok).toBe(false);
  });

  it('rejects bad input with a message that names the field', async () => {
    const result = await invoke('day.get', { date: '30/11/2026' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('date');
    expect(result.error.message).toContain('2026-11-30');
    expect((await invoke('day.get', { date: '2026-11-30', extra: 1 })).ok).toBe(false);
    expect((await invoke('settings.update', { language: 'fr' })).ok).toBe(false);
    expect((await invoke('app.info', { anything: true })).ok).toBe(false);
  });

  it('returns coded errors from handlers and hides unexpected ones', async () => {
    expect(await invoke('day.get', { date: '2026-12-25' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No such day.' } });
    const internal = await invoke('day.get', { date: '2026-12-26' });
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('internal');
      expect(internal.error.message).not.toContain('disk on fire');
    }
  });

  it('enforces each channel’s roles before anything else runs', async () => {
    role = null;
    expect(await invoke('day.get', { date: '2026-11-30' })).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Sign in first.' } });
    expect((await invoke('settings.get', undefined)).ok).toBe(true); // public
    role = 'it-admin';
    expect(await invoke('day.get', { date: '2026-11-30' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'The it-admin role may not do this.' } });
    expect((await invoke('sync.now', undefined)).ok).toBe(true);
    role = 'supervisor';
    expect((await invoke('day.get', { date: '2026-11-30' })).ok).toBe(true);
    role = 'employee';
  });

  it('never lets a handler return data outside its output schema', async () => {
    const broken = createIpcRouter({ ...handlers, 'staff.list': () => [{ nope: true }] as never }, { role: () => 'employee', needs: () => undefined });
    const result = await broken('staff.list', undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });

  it('sends unchecked only the output of channels that say where it was checked, which is the day alone', async () => {
    expect(CHANNELS.filter((channel) => (contract[channel] as ChannelSpec).outputCheckedAtEntry)).toEqual(['day.get']);
    expect(await invoke('day.get', { date: '2026-12-27' })).toEqual({ ok: true, value: { date: '2026-12-27', appointments: [{ nope: true }] } });
  });

  it('checks what a channel needs of its appointment after its input, before its handler', async () => {
    checked.length = 0;
    const own = '6f1c1c9e-2d6a-4c8e-9a51-0c1b4a6b7d2e';
    expect(await invoke('call.record', { appointmentId: own })).toEqual({ ok: true, value: { messages: [], files: [] } });
    expect(checked).toEqual([{ needs: contract['call.record'].needs, id: own }]);
    expect(await invoke('call.record', { appointmentId: FOREIGN })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'There is no such appointment at this KEP.' },
    });
    // Input outside the schema never reaches the check; a channel without needs never asks.
    expect((await invoke('call.record', { appointmentId: 'nope' })).ok).toBe(false);
    expect((await invoke('settings.get', undefined)).ok).toBe(true);
    expect(checked).toHaveLength(2);
  });

  it('finds the subject of every channel’s needs in its input schema, as a UUID', () => {
    /** Whether every input the schema accepts has a UUID at the path (in each option of a union). */
    const uuidAt = (schema: z.ZodType, path: readonly string[]): boolean => {
      if (schema instanceof z.ZodUnion) return (schema.options as z.ZodType[]).every((option) => uuidAt(option, path));
      const [key, ...rest] = path;
      if (key === undefined) return schema instanceof z.ZodUUID;
      return schema instanceof z.ZodObject && uuidAt(schema.shape[key] as z.ZodType, rest);
    };
    for (const channel of CHANNELS) {
      const spec: ChannelSpec = contract[channel];
      if (spec.needs) expect(uuidAt(spec.input, SUBJECT_PATHS[spec.needs.subject]), channel).toBe(true);
    }
  });

  it('joins the features’ handlers only when each channel has exactly one', () => {
    const { 'app.info': info, 'settings.get': get, ...rest } = handlers;
    expect(Object.keys(joinHandlers({ 'app.info': info }, { 'settings.get': get }, rest)).sort()).toEqual([...CHANNELS].sort());
    // @ts-expect-error settings.get is handled twice
    joinHandlers({ 'app.info': info }, { 'settings.get': get }, { 'settings.get': get }, rest);
    // @ts-expect-error app.info has no handler
    joinHandlers({ 'settings.get': get }, rest);
  });
});
