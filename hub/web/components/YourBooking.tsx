import { useCallback, useEffect, useState } from 'react';
import type { ManageResponse, SlotsResponse } from '../../../src-shared/protocol/booking';
import { ApiCallError, isAbort } from '../api-client';
import { useFocusOnMount } from '../hooks/use-focus-on-mount';
import { useI18n } from '../i18n/i18n';
import { cancelBooking, fetchManaged, fetchMoveSlots, moveBooking } from '../manage-booking';
import { SlotPicker } from './SlotPicker';

type Mode = 'view' | 'move' | 'cancel';

type Refusal =
  'manage.refused.booking.too_late_to_change' | 'manage.refused.booking.not_changeable' | 'book.refused.booking.slot_taken' | 'manage.refused.other';

/** A refusal of a move or a cancellation, in plain words. */
function refusalKey(error: unknown): Refusal {
  if (error instanceof ApiCallError) {
    if (error.reason === 'booking.too_late_to_change' || error.reason === 'booking.not_changeable') return `manage.refused.${error.reason}`;
    if (error.reason === 'booking.slot_taken' || error.reason === 'booking.slot_unavailable') return 'book.refused.booking.slot_taken';
  }
  return 'manage.refused.other';
}

/**
 * "Your appointment" on the join page before the call: when, where, what, and while the deadline
 * allows, change of time or cancellation. A link that opens no booking (an interpreter's, an
 * older hub, an appointment not booked online) shows nothing: the page works as before.
 */
export function YourBooking({ token }: { token: string }): React.JSX.Element | null {
  const { t, day, time, dateTime, language } = useI18n();
  const [booking, setBooking] = useState<ManageResponse | null>(null);
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<'manage.moved' | 'manage.cancelled' | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    fetchManaged(token, controller.signal).then(setBooking, (failure: unknown) => {
      if (!isAbort(failure)) console.info('join: no booking to show for this link', failure);
    });
    return () => controller.abort();
  }, [token]);

  const run = (action: Promise<ManageResponse>, done: 'manage.moved' | 'manage.cancelled'): void => {
    setBusy(true);
    setError(null);
    action.then(
      (answer) => {
        setBusy(false);
        setBooking(answer);
        setMode('view');
        setNotice(done);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(refusalKey(failure));
        if (failure instanceof ApiCallError && (failure.reason === 'booking.too_late_to_change' || failure.reason === 'booking.not_changeable'))
          void fetchManaged(token).then(setBooking, () => undefined);
      },
    );
  };

  const open = (next: Mode): void => {
    setNotice(null);
    setError(null);
    setMode(next);
  };

  if (!booking) return null;
  const { appointment } = booking;
  const cancelled = appointment.status === 'cancelled';
  return (
    <section className="card your-booking" aria-labelledby="your-booking-title" data-testid="your-booking">
      <h2 id="your-booking-title">{t('manage.title')}</h2>
      <dl className="booking-summary">
        <div className="booking-summary-row">
          <dt>{t('manage.when')}</dt>
          <dd data-testid="your-booking-when">
            {day(appointment.startsAt)}, {time(appointment.startsAt)}
          </dd>
        </div>
        <div className="booking-summary-row">
          <dt>{t('manage.kep')}</dt>
          <dd>{booking.kep.name}</dd>
        </div>
        <div className="booking-summary-row">
          <dt>{t('manage.service')}</dt>
          <dd>{booking.service.name[language]}</dd>
        </div>
      </dl>
      <div aria-live="polite">
        {notice && <p className="notice notice-info">{t(notice)}</p>}
        {error && (
          <p className="notice notice-error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
      {cancelled ? (
        <p className="notice notice-warn" data-testid="your-booking-cancelled">
          <strong>{t('manage.cancelled')}</strong>
        </p>
      ) : !booking.canChange ? (
        <p className="hint" data-testid="your-booking-locked">
          {t('manage.tooLate', { when: dateTime(booking.changeUntil) })}
        </p>
      ) : mode === 'view' ? (
        <>
          <p className="hint">{t('manage.changeUntil', { when: dateTime(booking.changeUntil) })}</p>
          <div className="actions actions-secondary">
            <button type="button" className="button button-small" onClick={() => open('move')} data-testid="your-booking-move">
              {t('manage.move')}
            </button>
            <button type="button" className="button button-small" onClick={() => open('cancel')} data-testid="your-booking-cancel">
              {t('manage.cancel')}
            </button>
          </div>
        </>
      ) : mode === 'move' ? (
        <MoveBooking token={token} busy={busy} onMove={(startsAt) => run(moveBooking(token, startsAt), 'manage.moved')} onClose={() => open('view')} />
      ) : (
        <CancelBooking busy={busy} onCancel={(reason) => run(cancelBooking(token, reason), 'manage.cancelled')} onClose={() => open('view')} />
      )}
    </section>
  );
}

function MoveBooking({ token, busy, onMove, onClose }: { token: string; busy: boolean; onMove(startsAt: string): void; onClose(): void }): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [slots, setSlots] = useState<SlotsResponse | null>(null);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  const [day, setDay] = useState<string | null>(null);
  const [startsAt, setStartsAt] = useState<string | null>(null);
  const load = useCallback(() => {
    setLoading(true);
    fetchMoveSlots(token).then(
      (answer) => {
        setSlots(answer);
        setFailed(false);
        setLoading(false);
      },
      () => {
        setFailed(true);
        setLoading(false);
      },
    );
  }, [token]);
  useEffect(load, [load]);
  return (
    <div className="your-booking-change">
      <h3 ref={heading} tabIndex={-1}>
        {t('manage.moveTitle')}
      </h3>
      <SlotPicker
        slots={slots}
        loading={loading}
        failed={failed}
        day={day}
        startsAt={startsAt}
        onDay={(d) => {
          setDay(d);
          setStartsAt(null);
        }}
        onTime={setStartsAt}
        onRetry={load}
      />
      <div className="actions">
        {startsAt && (
          <button type="button" className="button button-primary" disabled={busy} onClick={() => onMove(startsAt)} data-testid="your-booking-move-confirm">
            {busy ? t('manage.working') : t('manage.moveConfirm', { when: dateTime(startsAt) })}
          </button>
        )}
        <button type="button" className="button" disabled={busy} onClick={onClose}>
          {t('manage.close')}
        </button>
      </div>
    </div>
  );
}

function CancelBooking({ busy, onCancel, onClose }: { busy: boolean; onCancel(reason: string): void; onClose(): void }): React.JSX.Element {
  const { t } = useI18n();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [reason, setReason] = useState('');
  return (
    <div className="your-booking-change">
      <h3 ref={heading} tabIndex={-1}>
        {t('manage.cancelTitle')}
      </h3>
      <div className="field">
        <label htmlFor="cancel-reason">{t('manage.cancelReason')}</label>
        <textarea
          id="cancel-reason"
          rows={2}
          maxLength={500}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="your-booking-cancel-reason"
        />
      </div>
      <div className="actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => onCancel(reason)} data-testid="your-booking-cancel-confirm">
          {busy ? t('manage.working') : t('manage.cancelConfirm')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onClose}>
          {t('manage.keep')}
        </button>
      </div>
    </div>
  );
}
