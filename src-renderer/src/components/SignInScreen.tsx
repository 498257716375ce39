import { type FormEvent, useState } from 'react';
import type { AppInfo, Language } from '../../../src-shared/contract/ipc';
import type { ErrorInfo } from '../../../src-shared/errors';
import { useI18n } from '../i18n/i18n';
import { CredentialWarning } from './CredentialWarning';
import { Field } from './Field';
import { LanguagePicker, Masthead } from './Masthead';

interface Props {
  info: AppInfo;
  language: Language;
  onLanguage(language: Language): void;
  onSignIn(input: { username: string; password: string }): Promise<ErrorInfo | null>;
}

export function SignInScreen({ info, language, onLanguage, onSignIn }: Props): React.JSX.Element {
  const { t, errorText } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (!username.trim() || !password) return;
    setBusy(true);
    setFailure(null);
    const error = await onSignIn({ username: username.trim(), password });
    setBusy(false);
    if (error) {
      setPassword('');
      setFailure(error.code === 'unauthorized' ? t('signIn.wrong') : errorText(error));
    }
  };

  return (
    <div className="layout">
      <Masthead>
        <LanguagePicker language={language} onLanguage={onLanguage} />
      </Masthead>
      <main className="centered">
        <section className="card" aria-labelledby="sign-in-title">
          <h2 id="sign-in-title">{t('signIn.title')}</h2>
          <p className="card-sub">{info.kep ? t('signIn.kep', { kep: info.kep.name }) : t('app.title')}</p>
          <CredentialWarning info={info} />
          <form className="form" onSubmit={(e) => void submit(e)} noValidate>
            <Field
              label={t('signIn.username')}
              value={username}
              onChange={setUsername}
              autoComplete="username"
              error={touched && !username.trim() ? t('form.required') : null}
              autoFocus
            />
            <Field
              label={t('signIn.password')}
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              error={touched && !password && !failure ? t('form.required') : null}
            />
            {failure && (
              <p className="form-error" role="alert">
                {failure}
              </p>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('signIn.working') : t('signIn.submit')}
            </button>
          </form>
        </section>
      </main>
    </div>
  );
}
