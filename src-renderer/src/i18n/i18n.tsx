import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Language } from '../../../src-shared/contract/ipc';
import { createI18n, type I18n } from './create-i18n';

export { LOCALES, type I18n, type MessageKey, type PlainMessageKey } from './create-i18n';

const I18nContext = createContext<I18n>(createI18n('el'));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }): React.JSX.Element {
  const value = useMemo(() => createI18n(language), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
