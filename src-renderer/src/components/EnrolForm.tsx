import { type FormEvent, useState } from 'react';
import { hubAddressProblem } from '../../../src-shared/domain/hub-address';
import type { ErrorInfo } from '../../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { Field } from './Field';

interface Props {
  initialHubUrl?: string;
  submitLabel: string;
  onEnrol(input: { hubUrl: string; code: string; label: string }): Promise<ErrorInfo | null>;
  onDone?(): void;
  autoFocus?: boolean;
}

/** Hub address, one-time code and a name for the workstation: what IT hands over at enrolment. */
export function EnrolForm({ initialHubUrl = '', submitLabel, onEnrol, onDone, autoFocus = false }: Props): React.JSX.Element {
  const { t, errorText } = useI18n();
  const [hubUrl, setHubUrl] = useState(initialHubUrl);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  // Main applies the same rule (enrolInputSchema); checking here gives the message in the UI's language.
  const urlProblem = hubAddressProblem(hubUrl);
  const urlError = !hubUrl.trim() ? t('form.required') : urlProblem === 'cleartext' ? t('enrol.hubUrlCleartext') : urlProblem ? t('enrol.hubUrlInvalid') : null;
  const codeError = code.trim() ? null : t('form.required');
  const labelError = label.trim() ? null : t('form.required');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (urlError || codeError || labelError) return;
    setBusy(true);
    setFailure(null);
    const error = await onEnrol({ hubUrl: hubUrl.trim(), code: code.trim(), label: label.trim() });
    setBusy(false);
    if (!error) {
      onDone?.();
      return;
    }
    const known: Partial<Record<ErrorInfo['code'], string>> = { unauthorized: t('enrol.codeRefused'), expired: t('enrol.codeExpired') };
    setFailure(known[error.code] ?? errorText(error));
  };

  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <Field
        label={t('enrol.hubUrl')}
        hint={t('enrol.hubUrlHint')}
        type="url"
        value={hubUrl}
        onChange={setHubUrl}
        error={touched ? urlError : null}
        autoFocus={autoFocus}
      />
      <Field label={t('enrol.code')} hint={t('enrol.codeHint')} value={code} onChange={setCode} error={touched ? codeError : null} autoComplete="off" />
      <Field label={t('enrol.label')} hint={t('enrol.labelHint')} value={label} onChange={setLabel} error={touched ? labelError : null} />
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? t('enrol.working') : submitLabel}
      </button>
    </form>
  );
}
