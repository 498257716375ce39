import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { createI18n, type I18n, type Language } from './create-i18n';

export { LANGUAGES, type I18n, type Language, type MessageKey } from './create-i18n';

const STORAGE_KEY = 'kep-citizen-language';

/** The language chosen on an earlier visit, or Greek. Storage may be off (private windows). */
function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'el' ? value : 'el';
  } catch {
    return 'el';
  }
}

const I18nContext = createContext<I18n>(createI18n('el', () => undefined));

/** `title`: the page's own name for the browser tab (the join page's by default). */
export function I18nProvider({ children, title = 'app.title' }: { children: ReactNode; title?: 'app.title' | 'book.title' }): React.JSX.Element {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  const value = useMemo(() => createI18n(language, setLanguage), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${value.t(title)} · ${value.t('app.brand')}`;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not remembered then; the page still works.
    }
  }, [language, value, title]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
