import { useEffect, useId, useRef, useState } from 'react';
import type { Dispatch } from '../../../src-shared/contract/ipc';
import { isValidTrackingNumber, normalizeTrackingNumber } from '../../../src-shared/domain/tracking-number';
import { useDispatchError } from '../hooks/use-dispatch-error';
import { useEscape } from '../hooks/use-escape';
import { useI18n } from '../i18n/i18n';
import { call } from '../kep';
import { fromBase64 } from '../base64';
import { saveFile } from '../save-file';

/** Each dispatch of the case with its state, what went, and what can be done about it now. */
export function DispatchHistory({
  dispatches,
  onProblem,
  focusId = null,
  onFocused,
}: {
  dispatches: readonly Dispatch[];
  onProblem(text: string | null): void;
  /** A dispatch just created: focus moves to its entry once the history shows it. */
  focusId?: string | null;
  onFocused?(): void;
}): React.JSX.Element {
  const { t } = useI18n();
  const list = useRef<HTMLUListElement>(null);
  const shown = focusId !== null && dispatches.some((d) => d.id === focusId);
  useEffect(() => {
    if (!shown || !focusId) return;
    list.current?.querySelector<HTMLElement>(`[data-dispatch-id="${focusId}"]`)?.focus();
    onFocused?.();
  }, [shown, focusId, onFocused]);
  return (
    <div className="field">
      <span className="field-label">{t('dispatch.history')}</span>
      {dispatches.length === 0 ? (
        <p className="muted">{t('dispatch.noHistory')}</p>
      ) : (
        <ul ref={list} className="dispatch-history" data-testid="dispatch-history">
          {dispatches.map((d) => (
            <DispatchItem key={d.id} dispatch={d} onProblem={onProblem} />
          ))}
        </ul>
      )}
    </div>
  );
}

/** A posted letter whose record the hub refused: it is in the post, only the hub lacks its record. */
const unrecorded = (d: Dispatch): boolean => d.failure === 'record_refused';

/** A mail the hub failed without knowing whether the mail server took it: the citizen may have it. */
const outcomeUnknown = (d: Dispatch): boolean => d.state === 'failed' && d.failure === 'outcome_unknown';

function DispatchItem({ dispatch: d, onProblem }: { dispatch: Dispatch; onProblem(text: string | null): void }): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const failure = useDispatchError();
  const [confirmingResend, setConfirmingResend] = useState(false);
  useEffect(() => {
    if (d.reason) console.warn(`Dispatch ${d.id} (${d.channel}, ${d.state}): ${d.reason}`);
  }, [d.id, d.channel, d.state, d.reason]);
  const act = async (action: () => Promise<unknown>): Promise<void> => {
    try {
      await action();
      onProblem(null);
    } catch (e) {
      onProblem(failure(e));
    }
  };
  const owed = (d.state === 'failed' || d.state === 'expired') && d.dismissedAt === null;
  const unknown = outcomeUnknown(d);
  const retry = (): Promise<void> => act(() => call('dispatch.retry', { dispatchId: d.id }));
  const times = [
    d.sentAt && t('dispatch.sentAt', { time: dateTime(d.sentAt) }),
    d.deliveredAt && t('dispatch.deliveredAt', { time: dateTime(d.deliveredAt) }),
    d.downloadedAt && t('dispatch.downloadedAt', { time: dateTime(d.downloadedAt) }),
    d.expiresAt && d.state === 'sent' && t('dispatch.expiresAt', { time: dateTime(d.expiresAt) }),
  ].filter(Boolean);
  return (
    <li
      className="dispatch-item"
      tabIndex={-1}
      data-dispatch-id={d.id}
      data-testid="dispatch-item"
      data-channel={d.channel}
      data-state={d.state}
      data-failure={d.failure ?? undefined}
    >
      <p className="dispatch-item-head">
        <span className={`dispatch-state dispatch-state-${d.state}`}>{unknown ? t('dispatch.outcomeUnknown') : t(`dispatch.state.${d.state}`)}</span>{' '}
        <strong>{t(`dispatch.via.${d.channel}`, { address: d.recipient })}</strong>
      </p>
      <p className="muted">{d.documents.map((doc) => doc.name).join(', ')}</p>
      {times.length > 0 && <p className="muted">{times.join(' · ')}</p>}
      {d.trackingNumber && <p className="mono">{t('dispatch.tracking', { number: d.trackingNumber })}</p>}
      {d.state === 'queued' && <p className="muted">{d.channel === 'post' ? t('dispatch.queuedPost') : t('dispatch.queuedHub')}</p>}
      {d.state === 'failed' && !unknown && <p className="field-error">{t('dispatch.failedHelp')}</p>}
      {unknown && (
        <p className="field-error" data-testid="dispatch-outcome-unknown">
          {t('dispatch.outcomeUnknownHelp', { retry: t('dispatch.retry'), dismiss: t('dispatch.dismiss') })}
        </p>
      )}
      {d.state === 'expired' && <p className="field-error">{t('dispatch.expiredHelp')}</p>}
      {/* The hub's reason is English for the log; an unknown outcome's is what the help above says. */}
      {d.reason && !unknown && (
        <p className="muted" data-testid="dispatch-reason">
          {t('dispatch.serverRefused')}
        </p>
      )}
      {d.dismissedAt && <p className="muted">{t('dispatch.dismissed')}</p>}
      {(owed || unrecorded(d)) && (
        <div className="button-row">
          {d.state === 'failed' || unrecorded(d) ? (
            <button type="button" className="button" data-testid="dispatch-retry" onClick={() => (unknown ? setConfirmingResend(true) : void retry())}>
              {unrecorded(d) ? t('dispatch.retryRecord') : t('dispatch.retry')}
            </button>
          ) : null}
          {owed && (
            <button
              type="button"
              className="button"
              data-testid="dispatch-dismiss"
              onClick={() => void act(() => call('dispatch.cancel', { dispatchId: d.id }))}
            >
              {t('dispatch.dismiss')}
            </button>
          )}
        </div>
      )}
      {confirmingResend && unknown && (
        <ConfirmResend
          address={d.recipient}
          onConfirm={() => {
            setConfirmingResend(false);
            void retry();
          }}
          onCancel={() => setConfirmingResend(false)}
        />
      )}
      {d.channel === 'post' && <PostActions dispatch={d} act={act} />}
    </li>
  );
}

/** Sending again a mail the citizen may already have is their second copy: the employee confirms they checked. */
function ConfirmResend({ address, onConfirm, onCancel }: { address: string; onConfirm(): void; onCancel(): void }): React.JSX.Element {
  const { t } = useI18n();
  const id = useId();
  useEscape(onCancel);
  return (
    <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={`${id}-h`} aria-describedby={`${id}-d`} data-testid="dispatch-resend-confirm">
      <h3 id={`${id}-h`}>{t('dispatch.resendHeading')}</h3>
      <p id={`${id}-d`}>{t('dispatch.resendUnknown', { address })}</p>
      <div className="dialog-actions">
        <button type="button" className="button button-primary" data-testid="dispatch-resend-yes" onClick={onConfirm}>
          {t('dispatch.resendYes')}
        </button>
        {/* Focused first: a stray Enter must not send the citizen a second copy. */}
        <button type="button" className="button" autoFocus onClick={onCancel}>
          {t('dispatch.cancel')}
        </button>
      </div>
    </div>
  );
}

/** A letter to post: its cover letter and label to print, and the tracking number once posted. */
function PostActions({ dispatch: d, act }: { dispatch: Dispatch; act(action: () => Promise<unknown>): Promise<void> }): React.JSX.Element {
  const { t } = useI18n();
  const id = useId();
  const [tracking, setTracking] = useState('');
  const [invalid, setInvalid] = useState(false);
  const letters = (which: 'coverLetterBase64' | 'labelBase64', name: string): Promise<void> =>
    act(async () => {
      const pdfs = await call('dispatch.postLetters', { dispatchId: d.id });
      saveFile(name, fromBase64(pdfs[which]), 'application/pdf');
    });
  const record = (): void => {
    if (!isValidTrackingNumber(tracking)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    void act(() => call('dispatch.recordPosting', { dispatchId: d.id, trackingNumber: normalizeTrackingNumber(tracking) }));
  };
  return (
    <div className="dispatch-post">
      <div className="button-row">
        <button
          type="button"
          className="button"
          data-testid="post-cover-letter"
          onClick={() => void letters('coverLetterBase64', `Συνοδευτική επιστολή ${d.id.slice(0, 8)}.pdf`)}
        >
          {t('dispatch.coverLetter')}
        </button>
        <button type="button" className="button" data-testid="post-label" onClick={() => void letters('labelBase64', `Ετικέτα ${d.id.slice(0, 8)}.pdf`)}>
          {t('dispatch.label')}
        </button>
      </div>
      {d.state === 'queued' && (
        <button type="button" className="button" data-testid="cancel-letter" onClick={() => void act(() => call('dispatch.cancel', { dispatchId: d.id }))}>
          {t('dispatch.cancelLetter')}
        </button>
      )}
      {d.state === 'queued' && (
        <form
          className="dispatch-tracking"
          onSubmit={(e) => {
            e.preventDefault();
            record();
          }}
        >
          <label htmlFor={`${id}-tn`}>{t('dispatch.trackingLabel')}</label>
          <input
            id={`${id}-tn`}
            className="mono"
            data-testid="tracking-number"
            value={tracking}
            maxLength={20}
            autoComplete="off"
            aria-invalid={invalid}
            aria-describedby={invalid ? `${id}-tn-error` : undefined}
            onChange={(e) => setTracking(e.target.value)}
          />
          <button type="submit" className="button button-primary" data-testid="record-posting">
            {t('dispatch.recordPosting')}
          </button>
          {invalid && (
            <p id={`${id}-tn-error`} className="field-error" role="alert">
              {t('dispatch.badTracking')}
            </p>
          )}
        </form>
      )}
    </div>
  );
}
