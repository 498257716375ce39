import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { Language } from '../../../src-shared/contract/ipc';
import { KEP_TIME_ZONE } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import { el, type MessageKey } from './el';
import { en } from './en';

const MESSAGES: Record<Language, Record<MessageKey, string>> = { el, en };
export const LOCALES: Record<Language, string> = { el: 'el-GR', en: 'en-GB' };

export interface I18n {
  language: Language;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A main-side error in the UI language: known codes are translated, others keep main's message. */
  errorText(error: ErrorInfo): string;
  /** 09:20, in Athens. */
  time(iso: string): string;
  /** Δευτέρα 30 Νοεμβρίου 2026 */
  longDate(isoDate: string): string;
  /** Δευ 30 Νοε */
  shortDate(isoDate: string): string;
  /** 30/11 09:20, in Athens. */
  dateTime(iso: string): string;
}

export function createI18n(language: Language): I18n {
  const locale = LOCALES[language];
  const time = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const longDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const shortDate = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone: KEP_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return {
    language,
    t: (key, params) =>
      MESSAGES[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`)),
    errorText: (error) => {
      const key = error.reason ? `error.reason.${error.reason}` : `error.${error.code}`;
      return key in MESSAGES[language] ? MESSAGES[language][key as MessageKey] : error.message;
    },
    time: (iso) => time.format(new Date(iso)),
    longDate: (isoDate) => longDate.format(new Date(`${isoDate}T12:00:00Z`)),
    shortDate: (isoDate) => shortDate.format(new Date(`${isoDate}T12:00:00Z`)),
    dateTime: (iso) => dateTime.format(new Date(iso)),
  };
}

const I18nContext = createContext<I18n>(createI18n('el'));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }): React.JSX.Element {
  const value = useMemo(() => createI18n(language), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
