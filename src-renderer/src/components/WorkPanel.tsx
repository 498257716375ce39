import { useEffect, useId, useRef, useState } from 'react';
import type { StaffMember } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { type DisplayState, noShowUndoWindowOpen, offersNoShow } from '../../../src-shared/domain/appointment-state';
import { athensToUtc, formatAthensDate, formatAthensTime } from '../../../src-shared/domain/athens-time';
import { callWindow } from '../../../src-shared/domain/call-window';
import type { Role } from '../../../src-shared/domain/roles';
import { mayChange, NO_SHOW_GRACE_MINUTES } from '../../../src-shared/domain/work-permissions';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { AppointmentWork, WorkChange } from '../../../src-shared/protocol/changes';
import { useI18n } from '../i18n/i18n';
import { Field } from './Field';

interface Props {
  appointment: Appointment;
  work: AppointmentWork | undefined;
  /** What the appointment is now (see displayState): it decides which actions make sense. */
  state: DisplayState;
  role: Role;
  staff: readonly StaffMember[];
  now: Date;
  /** The hub is not reachable: changes are kept and sent later, and the panel says so. */
  offline: boolean;
  onChange(change: WorkChange): Promise<ErrorInfo | null>;
}

type Dialog = null | 'cancel' | 'reschedule' | 'noShow';

/**
 * The KEP's own work on one appointment: preparation notes, prepared, assignment (supervisor),
 * no-show after the grace period, cancel or reschedule with a reason (supervisor). Every action
 * is saved here at once and reaches the hub through the outbox.
 */
export function WorkPanel({ appointment: a, work, state, role, staff, now, offline, onChange }: Props): React.JSX.Element {
  const { t, time, errorText } = useI18n();
  const notesId = useId();
  const [notes, setNotes] = useState(work?.notes ?? '');
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [reason, setReason] = useState('');
  const [newDate, setNewDate] = useState(formatAthensDate(new Date(a.startsAt)));
  const [newTime, setNewTime] = useState(formatAthensTime(new Date(a.startsAt)));
  const [undone, setUndone] = useState(false);
  const noShowConfirmRef = useRef<HTMLButtonElement>(null);
  const undoRef = useRef<HTMLButtonElement>(null);
  // After recording a no-show, the next thing one may want is to take it back.
  const [focusUndo, setFocusUndo] = useState(false);

  useEffect(() => {
    setNotes(work?.notes ?? '');
    setSaved(false);
    setFailure(null);
    setDialog(null);
    setReason('');
  }, [a.id, work?.notes]);

  useEffect(() => setUndone(false), [a.id]);

  useEffect(() => {
    if (dialog === 'noShow') noShowConfirmRef.current?.focus();
  }, [dialog]);

  const run = async (change: WorkChange): Promise<boolean> => {
    setFailure(null);
    const error = await onChange(change);
    if (error) setFailure(errorText(error));
    return !error;
  };

  const booked = a.status === 'booked';
  const noShowAt = state === 'no_show' ? work?.noShowAt : null;
  const undoable = noShowAt ? noShowUndoWindowOpen(noShowAt, now) && mayChange(role, 'work.noShowUndo') : false;
  // The undo button appears once the day reloads with the no-show in it.
  useEffect(() => {
    if (focusUndo && undoable && undoRef.current) {
      undoRef.current.focus();
      setFocusUndo(false);
    }
  }, [focusUndo, undoable]);
  const noShowFrom = new Date(new Date(a.startsAt).getTime() + NO_SHOW_GRACE_MINUTES * 60_000);
  const durationMs = new Date(a.endsAt).getTime() - new Date(a.startsAt).getTime();

  const confirmDialog = async (): Promise<void> => {
    if (reason.trim().length < 3) {
      setFailure(t('work.reasonHint'));
      return;
    }
    if (dialog === 'cancel') {
      if (await run({ kind: 'booking.cancel', appointmentId: a.id, reason: reason.trim() })) setDialog(null);
      return;
    }
    let startsAt: Date;
    try {
      startsAt = athensToUtc(newDate, newTime);
    } catch {
      setFailure(t('form.required'));
      return;
    }
    const change: WorkChange = {
      kind: 'booking.reschedule',
      appointmentId: a.id,
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + durationMs).toISOString(),
      reason: reason.trim(),
    };
    if (await run(change)) setDialog(null);
  };

  return (
    <section className="work" aria-labelledby={`${notesId}-title`}>
      <h3 id={`${notesId}-title`}>{t('work.title')}</h3>
      {offline && (
        <p className="notice notice-offline notice-inline" role="note">
          {t('work.offlineQueued')}
        </p>
      )}
      <div className="field">
        <label htmlFor={notesId}>{t('work.notes')}</label>
        <textarea
          id={notesId}
          rows={4}
          value={notes}
          aria-describedby={`${notesId}-hint`}
          onChange={(e) => {
            setNotes(e.target.value);
            setSaved(false);
          }}
        />
        <p id={`${notesId}-hint`} className="field-hint">
          {t('work.notesHint')}
        </p>
      </div>
      <div className="work-actions">
        <button
          type="button"
          className="button"
          disabled={notes === (work?.notes ?? '')}
          onClick={() => void run({ kind: 'work.notes', appointmentId: a.id, notes }).then((ok) => setSaved(ok))}
        >
          {t('work.saveNotes')}
        </button>
        {saved && <span role="status">{t('work.saved')}</span>}
        <button type="button" className="button" onClick={() => void run({ kind: 'work.prepare', appointmentId: a.id, prepared: !work?.preparedAt })}>
          {work?.preparedAt ? t('work.unmarkPrepared') : t('work.markPrepared')}
        </button>
      </div>

      {mayChange(role, 'work.assign') ? (
        <label className="filter">
          <span>{t('work.assign')}</span>
          <select value={work?.assignedTo ?? ''} onChange={(e) => void run({ kind: 'work.assign', appointmentId: a.id, userId: e.target.value || null })}>
            <option value="">{t('work.unassigned')}</option>
            {staff
              .filter((s) => s.role !== 'it-admin')
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.displayName}
                </option>
              ))}
          </select>
        </label>
      ) : (
        <p className="work-assignee">
          {t('work.assignedTo')}: {staff.find((s) => s.id === work?.assignedTo)?.displayName ?? t('work.unassigned')}
        </p>
      )}

      {state === 'needs_follow_up' && work?.callOutcome && (
        <p className="notice notice-inline" data-testid="follow-up-note">
          {t('work.followUp', { outcome: t(`call.outcome.${work.callOutcome}`) })}
        </p>
      )}
      {state === 'missed_window' && (
        <p className="notice notice-inline" data-testid="missed-window-note">
          {t('work.missedWindow', { time: time(new Date(callWindow(a).closes).toISOString()) })}
        </p>
      )}

      {offersNoShow(state) && dialog !== 'noShow' && (
        <div className="work-actions">
          <button type="button" className="button" data-testid="no-show" disabled={now < noShowFrom} onClick={() => setDialog('noShow')}>
            {t('work.noShow')}
          </button>
          {now < noShowFrom && <span className="field-hint">{t('work.noShowFrom', { time: time(noShowFrom.toISOString()) })}</span>}
        </div>
      )}
      {dialog === 'noShow' && (
        <div className="work-dialog" role="group" aria-label={t('work.noShowConfirm')} data-testid="no-show-confirm">
          <p>{t('work.noShowQuestion')}</p>
          <div className="work-actions">
            <button
              ref={noShowConfirmRef}
              type="button"
              className="button button-primary"
              onClick={() =>
                void run({ kind: 'work.noShow', appointmentId: a.id }).then((ok) => {
                  if (!ok) return;
                  setDialog(null);
                  setUndone(false);
                  setFocusUndo(true);
                })
              }
            >
              {t('work.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setDialog(null)}>
              {t('work.cancelAction')}
            </button>
          </div>
        </div>
      )}
      {noShowAt && (
        <div className="work-actions" data-testid="no-show-recorded">
          <span role="status">{t('work.noShowRecorded', { time: time(noShowAt) })}</span>
          {undoable && (
            <button
              ref={undoRef}
              type="button"
              className="button"
              data-testid="no-show-undo"
              onClick={() => void run({ kind: 'work.noShowUndo', appointmentId: a.id }).then((ok) => setUndone(ok))}
            >
              {t('work.noShowUndo')}
            </button>
          )}
        </div>
      )}
      {undone && state !== 'no_show' && (
        <p role="status" data-testid="no-show-undone">
          {t('work.noShowUndone')}
        </p>
      )}

      {booked && mayChange(role, 'booking.cancel') && (
        <div className="work-actions">
          <button type="button" className="button button-danger" onClick={() => setDialog('cancel')} aria-expanded={dialog === 'cancel'}>
            {t('work.cancel')}
          </button>
          <button type="button" className="button" onClick={() => setDialog('reschedule')} aria-expanded={dialog === 'reschedule'}>
            {t('work.reschedule')}
          </button>
        </div>
      )}

      {(dialog === 'cancel' || dialog === 'reschedule') && (
        <div className="work-dialog" role="group" aria-label={dialog === 'cancel' ? t('work.cancel') : t('work.reschedule')}>
          {dialog === 'reschedule' && (
            <div className="work-dialog-row">
              <Field label={t('work.newDate')} value={newDate} onChange={setNewDate} hint="2026-12-01" />
              <Field label={t('work.newTime')} value={newTime} onChange={setNewTime} hint="09:40" />
            </div>
          )}
          <Field label={t('work.reason')} value={reason} onChange={setReason} hint={t('work.reasonHint')} autoFocus />
          <div className="work-actions">
            <button type="button" className="button button-primary" onClick={() => void confirmDialog()}>
              {t('work.confirm')}
            </button>
            <button type="button" className="button" onClick={() => setDialog(null)}>
              {t('work.close')}
            </button>
          </div>
        </div>
      )}

      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
    </section>
  );
}
