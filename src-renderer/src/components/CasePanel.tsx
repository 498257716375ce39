import { useEffect, useId, useRef, useState } from 'react';
import { CASE_STATUSES, type CallFile, type CaseRecord } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { FORM_FIELDS, formProblem } from '../../../src-shared/domain/service-forms';
import type { ErrorInfo } from '../../../src-shared/errors';
import { focusIsLost } from '../hooks/focus-lost';
import { useVerification } from '../hooks/use-verification';
import { useI18n } from '../i18n/i18n';
import { call, toErrorInfo } from '../kep';

/**
 * The case record: protocol number, actions, the service's form, notes, status, and the files
 * the citizen sent as its attachments. Locked, with the reason, until the identity check passed.
 */
export function CasePanel({ appointment, files }: { appointment: Appointment; files: readonly CallFile[] }): React.JSX.Element {
  const { t, errorText, dateTime, language } = useI18n();
  const appointmentId = appointment.id;
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const { data: verification } = useVerification(appointmentId);
  const [record, setRecord] = useState<CaseRecord | null>(null);
  const [locked, setLocked] = useState<ErrorInfo | null>(null);
  const [actions, setActions] = useState('');
  const [saved, setSaved] = useState(false);
  const passed = verification?.outcome === 'passed';
  const protocolInput = useRef<HTMLInputElement>(null);
  // The check passed while this panel watched: the case it unlocks is where the work goes on.
  const unlockedHere = useRef(false);
  useEffect(() => {
    if (verification && !passed) unlockedHere.current = true;
  }, [verification, passed]);
  useEffect(() => {
    if (!record || !passed || !unlockedHere.current) return;
    unlockedHere.current = false;
    if (focusIsLost()) protocolInput.current?.focus();
  }, [record, passed]);

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
          {!locked
            ? t('app.loading')
            : locked.code !== 'locked'
              ? errorText(locked)
              : verification?.outcome === 'failed'
                ? t('case.lockedFailed')
                : t('case.locked')}
        </p>
      </section>
    );
  }
  const save = async (): Promise<void> => {
    // Said here in the UI's language; main checks the same rule again.
    const invalid = formProblem(appointment.category, record.formData);
    if (invalid && invalid.problem !== 'unknown') {
      setProblem(t(invalid.problem === 'number' ? 'case.form.number' : 'case.form.afm', { field: invalid.field.label[language] }));
      return;
    }
    try {
      const next = await call('case.update', {
        appointmentId,
        protocolNumber: record.protocolNumber,
        actions: actions
          .split('\n')
          .map((a) => a.trim())
          .filter(Boolean),
        notes: record.notes,
        formData: record.formData,
        status: record.status,
      });
      setRecord(next);
      setSaved(true);
      setProblem(null);
    } catch (e) {
      const error = toErrorInfo(e);
      if (error.code === 'locked') setLocked(error);
      else setProblem(errorText(error));
    }
  };
  return (
    <section className="case" data-testid="case-panel" data-locked="no" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('case.heading')}</h3>
      <div className="field">
        <label htmlFor={`${id}-p`}>{t('case.protocol')}</label>
        <input
          ref={protocolInput}
          id={`${id}-p`}
          data-testid="case-protocol"
          value={record.protocolNumber}
          maxLength={64}
          onChange={(e) => setRecord({ ...record, protocolNumber: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-a`}>{t('case.actions')}</label>
        <textarea id={`${id}-a`} rows={3} value={actions} onChange={(e) => setActions(e.target.value)} />
      </div>
      {FORM_FIELDS[appointment.category].map((field) => (
        <div className="field" key={field.key}>
          <label htmlFor={`${id}-f-${field.key}`}>{field.label[language]}</label>
          <input
            id={`${id}-f-${field.key}`}
            data-testid={`case-form-${field.key}`}
            inputMode={field.kind === 'text' ? 'text' : 'numeric'}
            value={record.formData[field.key] ?? ''}
            onChange={(e) => setRecord({ ...record, formData: { ...record.formData, [field.key]: e.target.value } })}
          />
        </div>
      ))}
      <div className="field">
        <label htmlFor={`${id}-s`}>{t('case.status')}</label>
        <select
          id={`${id}-s`}
          data-testid="case-status"
          value={record.status}
          onChange={(e) => setRecord({ ...record, status: e.target.value as CaseRecord['status'] })}
        >
          {CASE_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`case.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <span className="field-label">{t('case.attachments')}</span>
        {files.length === 0 ? (
          <p className="muted">{t('case.noAttachments')}</p>
        ) : (
          <ul className="case-attachments" data-testid="case-attachments">
            {files.map((f) => (
              <li key={f.id}>
                {f.name} <span className="muted">· {t(`call.role.${f.fromRole}`)}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-n`}>{t('case.notes')}</label>
        <textarea id={`${id}-n`} rows={3} maxLength={8000} value={record.notes} onChange={(e) => setRecord({ ...record, notes: e.target.value })} />
      </div>
      <button type="button" className="button button-primary" data-testid="case-save" onClick={() => void save()}>
        {t('case.save')}
      </button>
      {problem && (
        <p className="field-error" role="alert" data-testid="case-problem">
          {problem}
        </p>
      )}
      {saved && record.updatedAt && (
        <p className="muted" role="status" data-testid="case-saved">
          {t('case.saved', { time: dateTime(record.updatedAt) })}
        </p>
      )}
    </section>
  );
}
