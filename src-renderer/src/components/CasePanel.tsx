import { useEffect, useId, useState } from 'react';
import type { CaseRecord } from '../../../src-shared/contract/ipc';
import type { ErrorInfo } from '../../../src-shared/errors';
import { useVerification } from '../hooks/use-verification';
import { useI18n } from '../i18n/i18n';
import { call, toErrorInfo } from '../kep';

/** The case record: locked, with the reason, until the identity check has passed. */
export function CasePanel({ appointmentId }: { appointmentId: string }): React.JSX.Element {
  const { t, errorText, dateTime } = useI18n();
  const id = useId();
  const [verification] = useVerification(appointmentId, false);
  const [record, setRecord] = useState<CaseRecord | null>(null);
  const [locked, setLocked] = useState<ErrorInfo | null>(null);
  const [actions, setActions] = useState('');
  const [saved, setSaved] = useState(false);
  const passed = verification?.outcome === 'passed';

  useEffect(() => {
    setSaved(false);
    void call('case.get', { appointmentId }).then(
      (r) => {
        setRecord(r);
        setActions(r.actions.join('\n'));
        setLocked(null);
      },
      (e: unknown) => setLocked(toErrorInfo(e)),
    );
  }, [appointmentId, passed]);

  if (locked || !record) {
    return (
      <section className="case case-locked" data-testid="case-panel" data-locked="yes">
        <h3>{t('case.heading')}</h3>
        <p className="muted" data-testid="case-locked">
          {!locked ? t('app.loading') : locked.code !== 'locked' ? errorText(locked) : verification?.outcome === 'failed' ? t('case.lockedFailed') : t('case.locked')}
        </p>
      </section>
    );
  }
  const save = async (): Promise<void> => {
    try {
      const next = await call('case.update', {
        appointmentId,
        protocolNumber: record.protocolNumber,
        actions: actions.split('\n').map((a) => a.trim()).filter(Boolean),
        notes: record.notes,
        formData: record.formData,
      });
      setRecord(next);
      setSaved(true);
    } catch (e) {
      setLocked(toErrorInfo(e));
    }
  };
  return (
    <section className="case" data-testid="case-panel" data-locked="no" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('case.heading')}</h3>
      <div className="field">
        <label htmlFor={`${id}-p`}>{t('case.protocol')}</label>
        <input id={`${id}-p`} data-testid="case-protocol" value={record.protocolNumber} maxLength={64} onChange={(e) => setRecord({ ...record, protocolNumber: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-a`}>{t('case.actions')}</label>
        <textarea id={`${id}-a`} rows={3} value={actions} onChange={(e) => setActions(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-n`}>{t('case.notes')}</label>
        <textarea id={`${id}-n`} rows={3} maxLength={8000} value={record.notes} onChange={(e) => setRecord({ ...record, notes: e.target.value })} />
      </div>
      <button type="button" className="button button-primary" data-testid="case-save" onClick={() => void save()}>
        {t('case.save')}
      </button>
      {saved && record.updatedAt && (
        <p className="muted" role="status" data-testid="case-saved">
          {t('case.saved', { time: dateTime(record.updatedAt) })}
        </p>
      )}
    </section>
  );
}
