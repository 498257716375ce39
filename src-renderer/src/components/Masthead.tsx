import { LANGUAGES, type Language } from '../../../src-shared/contract/ipc';
import { useI18n } from '../i18n/i18n';

const LANGUAGE_NAMES: Record<Language, string> = { el: 'Ελληνικά', en: 'English' };

/**
 * The gov.gr-style blue bar every desk screen opens with: the state's name, the service's
 * wordmark and, on the right, whatever the screen offers (the language choice at the least).
 */
export function Masthead({ kepName, children }: { kepName?: React.ReactNode; children: React.ReactNode }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <header className="header">
      <div className="brand">
        <p className="brand-state">{t('app.state')}</p>
        <h1 className="brand-wordmark">{t('app.title')}</h1>
        {kepName}
      </div>
      <div className="header-tools">{children}</div>
    </header>
  );
}

/** The language choice, offered before sign-in too: the person at the desk picks it first. */
export function LanguagePicker({ language, onLanguage }: { language: Language; onLanguage(language: Language): void }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <label className="language">
      <span>{t('language.label')}</span>
      <select value={language} onChange={(e) => onLanguage(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
