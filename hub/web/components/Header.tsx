import { LANGUAGES, useI18n } from '../i18n/i18n';

/** The page's name and the language switch (each language named in itself). */
export function Header({ title = 'app.title' }: { title?: 'app.title' | 'book.title' }): React.JSX.Element {
  const { t, language, setLanguage } = useI18n();
  return (
    <header className="header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ΚΕΠ
        </span>
        <span className="brand-text">
          <span className="brand-name">{t('app.brand')}</span>
          <span className="brand-title">{t(title)}</span>
        </span>
      </div>
      <div className="language" role="group" aria-label={t('language.label')}>
        {LANGUAGES.map((l) => (
          <button
            key={l}
            type="button"
            lang={l}
            className="language-button"
            aria-pressed={l === language}
            data-testid={`language-${l}`}
            onClick={() => setLanguage(l)}
          >
            {t(`language.${l}`)}
          </button>
        ))}
      </div>
    </header>
  );
}
