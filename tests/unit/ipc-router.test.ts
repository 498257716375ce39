import { describe, expect, it } from 'vitest';
import { CHANNELS, contract, EVENT_NAMES, events } from '../../src-shared/contract/ipc';
import type { Role } from '../../src-shared/domain/roles';
import { AppError } from '../../src-shared/errors';
import { createDispatcher, type Handlers } from '../../src-main/ipc/dispatcher';

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
  'call.open': unused,
  'call.close': unused,
  'call.signal': unused,
  'call.media': unused,
  'call.chat': unused,
  'call.record': unused,
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
};
let role: Role | null = 'employee';
const dispatch = createDispatcher(handlers, () => role);

describe('IPC contract and dispatcher', () => {
  it('lists exactly the channels and events the contract defines', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
    expect([...EVENT_NAMES].sort()).toEqual(Object.keys(events).sort());
  });

  it('passes valid input to the handler and wraps the value', async () => {
    expect(await dispatch('day.get', { date: '2026-11-30' })).toEqual({ ok: true, value: { date: '2026-11-30', appointments: [], work: [] } });
    expect(await dispatch('settings.update', { language: 'en' })).toEqual({ ok: true, value: { ...settings, language: 'en' } });
  });

  it('refuses channels outside the contract', async () => {
    const result = await dispatch('fs.readFile', { path: '/etc/passwd' });
    expect(result).toEqual({ ok: false, error: { code: 'unknown_channel', message: 'There is no channel "fs.readFile".' } });
    expect((await dispatch('__proto__', undefined)).ok).toBe(false);
    expect((await dispatch('toString', undefined)).ok).toBe(false);
  });

  it('rejects bad input with a message that names the field', async () => {
    const result = await dispatch('day.get', { date: '30/11/2026' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('date');
    expect(result.error.message).toContain('2026-11-30');
    expect((await dispatch('day.get', { date: '2026-11-30', extra: 1 })).ok).toBe(false);
    expect((await dispatch('settings.update', { language: 'fr' })).ok).toBe(false);
    expect((await dispatch('app.info', { anything: true })).ok).toBe(false);
  });

  it('returns coded errors from handlers and hides unexpected ones', async () => {
    expect(await dispatch('day.get', { date: '2026-12-25' })).toEqual({ ok: false, error: { code: 'not_found', message: 'No such day.' } });
    const internal = await dispatch('day.get', { date: '2026-12-26' });
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.code).toBe('internal');
      expect(internal.error.message).not.toContain('disk on fire');
    }
  });

  it('enforces each channel’s roles before anything else runs', async () => {
    role = null;
    expect(await dispatch('day.get', { date: '2026-11-30' })).toEqual({ ok: false, error: { code: 'unauthorized', message: 'Sign in first.' } });
    expect((await dispatch('settings.get', undefined)).ok).toBe(true); // public
    role = 'it-admin';
    expect(await dispatch('day.get', { date: '2026-11-30' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'The it-admin role may not do this.' } });
    expect((await dispatch('sync.now', undefined)).ok).toBe(true);
    role = 'supervisor';
    expect((await dispatch('day.get', { date: '2026-11-30' })).ok).toBe(true);
    role = 'employee';
  });

  it('never lets a handler return data outside its output schema', async () => {
    const result = await dispatch('day.get', { date: '2026-12-27' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('internal');
  });
});
