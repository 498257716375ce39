import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { KEP_TIME_ZONE } from '../../../src-shared/domain/athens-time';
import { el, type MessageKey } from './el';
import { en } from './en';

export type Language = 'el' | 'en';
export const LANGUAGES: readonly Language[] = ['el', 'en'];

const MESSAGES: Record<Language, Record<MessageKey, string>> = { el, en };
const LOCALES: Record<Language, string> = { el: 'el-GR', en: 'en-GB' };
const STORAGE_KEY = 'kep-citizen-language';

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** 10:20, in Athens. */
  time(iso: string): string;
  /** Τρίτη 1 Δεκεμβρίου 2026, the day in Athens. */
  day(iso: string): string;
  /** 1 Δεκεμβρίου 2026, 10:20, in Athens. */
  dateTime(iso: string): string;
  /** 245 kB, 1,2 MB: a file's size as people read it (1 kB = 1024 bytes, as the limits count). */
  fileSize(bytes: number): string;
}

/** The language chosen on an earlier visit, or Greek. Storage may be off (private windows). */
function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'en' || value === 'el' ? value : 'el';
  } catch {
    return 'el';
  }
}

function createI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  const locale = LOCALES[language];
  const time = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    language,
    setLanguage,
    t: (key, params) => MESSAGES[language][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`)),
    time: (iso) => time.format(new Date(iso)),
    day: (iso) => day.format(new Date(iso)),
    dateTime: (iso) => `${date.format(new Date(iso))}, ${time.format(new Date(iso))}`,
    fileSize: (bytes) => {
      const kb = bytes / 1024;
      if (kb < 1024) return `${(kb < 10 ? oneDecimal : whole).format(Math.max(0.1, kb))}\u00a0kB`;
      return `${oneDecimal.format(kb / 1024)}\u00a0MB`;
    },
  };
}

const I18nContext = createContext<I18n>(createI18n('el', () => undefined));

export function I18nProvider({ children }: { children: ReactNode }): React.JSX.Element {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = `${MESSAGES[language]['app.title']} · ${MESSAGES[language]['app.brand']}`;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not remembered then; the page still works.
    }
  }, [language]);
  const value = useMemo(() => createI18n(language, setLanguage), [language]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
