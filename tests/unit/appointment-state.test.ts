import { describe, expect, it } from 'vitest';
import {
  DISPLAY_STATES,
  displayState,
  mayUndoNoShow,
  noShowUndoWindowOpen,
  offersCall,
  offersNoShow,
  waitsInLobby,
} from '../../src-shared/domain/appointment-state';
import type { AppointmentStatus } from '../../src-shared/domain/appointment';
import { CALL_OUTCOMES } from '../../src-shared/protocol/changes';
import { CHANGE_ROLES, mayChange } from '../../src-shared/domain/work-permissions';

// A 20-minute slot at 10:00 Athens (08:00Z in winter): the call window is 09:45–10:50.
const slot = { startsAt: '2026-12-03T08:00:00.000Z', endsAt: '2026-12-03T08:20:00.000Z' };
const at = (hhmm: string): Date => new Date(`2026-12-03T${hhmm}:00.000Z`);
const booked = { ...slot, status: 'booked' as AppointmentStatus };
const noWork = { callOutcome: null, callEndedAt: null, noShowAt: null };

describe('displayState', () => {
  it('follows the clock for a booking nothing has happened to', () => {
    expect(displayState(booked, undefined, false, at('07:44'))).toBe('booked');
    expect(displayState(booked, noWork, false, at('07:45'))).toBe('window_open');
    expect(displayState(booked, noWork, false, at('08:50'))).toBe('window_open');
    expect(displayState(booked, noWork, false, at('08:51'))).toBe('missed_window');
  });

  it('says in call while a call is open, whatever the clock', () => {
    expect(displayState(booked, noWork, true, at('08:10'))).toBe('in_call');
    expect(displayState(booked, noWork, true, at('09:30'))).toBe('in_call');
  });

  it('says needs follow-up for every unfinished outcome, and completed for a completed one not yet synced', () => {
    for (const outcome of CALL_OUTCOMES) {
      const work = { ...noWork, callOutcome: outcome, callEndedAt: '2026-12-03T08:15:00.000Z' };
      const expected = outcome === 'completed' ? 'completed' : 'needs_follow_up';
      expect(displayState(booked, work, false, at('08:20'))).toBe(expected);
      expect(displayState(booked, work, false, at('12:00'))).toBe(expected); // not "missed": the call happened
    }
  });

  it('says no-show as soon as it is recorded here, before the hub confirms it', () => {
    expect(displayState(booked, { ...noWork, noShowAt: '2026-12-03T08:12:00.000Z' }, false, at('08:12'))).toBe('no_show');
  });

  it('keeps every final status the hub gave', () => {
    for (const status of ['cancelled', 'completed', 'no_show', 'failed_verification', 'rescheduled'] as const) {
      expect(displayState({ ...slot, status }, noWork, false, at('08:10'))).toBe(status);
      expect(displayState({ ...slot, status }, noWork, true, at('08:10'))).toBe(status);
    }
  });

  it('offers the call only in the open window, the no-show only before anything happened, the lobby only while callable', () => {
    const call = DISPLAY_STATES.filter(offersCall);
    const noShow = DISPLAY_STATES.filter(offersNoShow);
    const lobby = DISPLAY_STATES.filter(waitsInLobby);
    expect(call).toEqual(['window_open']);
    expect(noShow).toEqual(['booked', 'window_open', 'missed_window']);
    expect(lobby).toEqual(['booked', 'window_open']);
    for (const state of ['needs_follow_up', 'in_call', 'completed', 'no_show'] as const) {
      expect([offersCall(state), offersNoShow(state), waitsInLobby(state)]).toEqual([false, false, false]);
    }
  });
});

describe('undoing a no-show', () => {
  it('is open until the end of the Athens day it was recorded', () => {
    const recorded = '2026-12-03T08:12:00.000Z'; // 10:12 Athens
    expect(noShowUndoWindowOpen(recorded, new Date('2026-12-03T21:59:59.000Z'))).toBe(true); // 23:59:59 Athens
    expect(noShowUndoWindowOpen(recorded, new Date('2026-12-03T22:00:00.000Z'))).toBe(false); // midnight Athens
    // 01:00 Athens is still the previous UTC day: the Athens day counts.
    expect(noShowUndoWindowOpen('2026-12-02T23:00:00.000Z', new Date('2026-12-03T08:00:00.000Z'))).toBe(true);
    expect(noShowUndoWindowOpen('2026-12-02T21:00:00.000Z', new Date('2026-12-02T22:30:00.000Z'))).toBe(false);
  });

  it('belongs to its author or a supervisor', () => {
    expect(mayUndoNoShow({ id: 'maria', role: 'employee' }, 'maria')).toBe(true);
    expect(mayUndoNoShow({ id: 'petros', role: 'employee' }, 'maria')).toBe(false);
    expect(mayUndoNoShow({ id: 'petros', role: 'employee' }, null)).toBe(false);
    expect(mayUndoNoShow({ id: 'nikos', role: 'supervisor' }, 'maria')).toBe(true);
    expect(mayUndoNoShow({ id: 'maria', role: 'it-admin' }, 'maria')).toBe(false);
  });

  it('is a change employees and supervisors may make, as the no-show itself', () => {
    expect(CHANGE_ROLES['work.noShowUndo']).toEqual(CHANGE_ROLES['work.noShow']);
    expect(mayChange('it-admin', 'work.noShowUndo')).toBe(false);
  });
});
