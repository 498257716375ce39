import { useRef, useState } from 'react';
import { CHECK_ITEMS, type CheckItem, FAIL_REASONS, type FailReason } from '../../../src-shared/domain/verification';
import { useVerification } from '../hooks/use-verification';
import { useI18n } from '../i18n/i18n';
import { call, toErrorInfo } from '../kep';
import { LoadProblem } from './LoadProblem';

/**
 * The identity checklist in the call. Main accepts a tick only while the citizen's video is
 * arriving; the panel says when it is not and why, and pauses until it is.
 */
export function VerificationPanel({ appointmentId }: { appointmentId: string }): React.JSX.Element {
  const { t, time, errorText } = useI18n();
  const { data: state, error, reload, set: setState } = useVerification(appointmentId);
  const [problem, setProblem] = useState<string | null>(null);
  const [failing, setFailing] = useState(false);
  const [reason, setReason] = useState<FailReason>('poor_video');
  const boxes = useRef(new Map<CheckItem, HTMLInputElement>());
  if (!state) {
    return (
      <section className="verification" aria-busy={!error}>
        {error && <LoadProblem subject="verification" error={error} onRetry={reload} />}
      </section>
    );
  }
  const ticked = new Map(state.ticks.map((tick) => [tick.item, tick]));
  const open = state.outcome === null;
  const tick = async (item: CheckItem): Promise<void> => {
    try {
      const next = await call('verification.tick', { appointmentId, item });
      setState(next);
      setProblem(null);
      // On to the next item still open, after this one first; once all passed, the case takes it.
      const done = new Set(next.ticks.map((x) => x.item));
      const at = CHECK_ITEMS.indexOf(item);
      const following = [...CHECK_ITEMS.slice(at + 1), ...CHECK_ITEMS.slice(0, at)].find((x) => !done.has(x));
      if (next.outcome === null && following) boxes.current.get(following)?.focus();
    } catch (e) {
      setProblem(errorText(toErrorInfo(e)));
    }
  };
  const fail = async (): Promise<void> => {
    try {
      setState(await call('verification.fail', { appointmentId, reason }));
      setFailing(false);
    } catch (e) {
      setProblem(errorText(toErrorInfo(e)));
    }
  };
  return (
    <section className="verification" aria-labelledby="verification-heading" data-testid="verification" data-outcome={state.outcome ?? 'open'}>
      <h3 id="verification-heading">{t('verification.heading')}</h3>
      {state.outcome === 'passed' && (
        <p className="verification-passed" role="status">
          {t('verification.passed')}
        </p>
      )}
      {state.outcome === 'failed' && (
        <p className="field-error" role="status">
          {t('verification.failed', { reason: t(`verification.reason.${state.reason ?? 'technical'}`) })}
        </p>
      )}
      {open && (
        <p
          className={`verification-video ${state.video.live ? 'live' : 'paused'}`}
          role="status"
          data-testid="verification-video"
          data-live={state.video.live ? 'yes' : 'no'}
        >
          {state.video.live ? t('verification.videoLive') : t(`verification.paused.${state.video.reason ?? 'no_stats'}`)}
        </p>
      )}
      <ul className="verification-items">
        {CHECK_ITEMS.map((item) => {
          const done = ticked.get(item);
          return (
            <li key={item}>
              <label className={done ? 'done' : ''}>
                <input
                  ref={(box) => {
                    if (box) boxes.current.set(item, box);
                    else boxes.current.delete(item);
                  }}
                  type="checkbox"
                  data-testid={`check-${item}`}
                  checked={Boolean(done)}
                  disabled={!open || Boolean(done)}
                  onChange={() => void tick(item)}
                />
                {t(`verification.item.${item}`)}
                {done && <span className="muted"> · {time(done.at)}</span>}
              </label>
            </li>
          );
        })}
      </ul>
      {problem && (
        <p className="field-error" role="alert" data-testid="verification-problem">
          {problem}
        </p>
      )}
      {open && !failing && (
        <button type="button" className="button button-danger" data-testid="verification-fail" onClick={() => setFailing(true)}>
          {t('verification.fail')}
        </button>
      )}
      {open && failing && (
        <div className="verification-fail">
          <label htmlFor="fail-reason">{t('verification.failReason')}</label>
          <select id="fail-reason" data-testid="fail-reason" value={reason} onChange={(e) => setReason(e.target.value as FailReason)}>
            {FAIL_REASONS.map((r) => (
              <option key={r} value={r}>
                {t(`verification.reason.${r}`)}
              </option>
            ))}
          </select>
          <div className="dialog-actions">
            <button type="button" className="button button-danger" data-testid="confirm-fail" onClick={() => void fail()}>
              {t('verification.confirmFail')}
            </button>
            <button type="button" className="button" onClick={() => setFailing(false)}>
              {t('verification.keepChecking')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
