import { KEP_TIME_ZONE } from '../../../src-shared/domain/athens-time';
import { createTranslate, type Translate } from '../../../src-web/i18n/translate';
import { el } from './el';
import { en } from './en';

export type Language = 'el' | 'en';
export const LANGUAGES: readonly Language[] = ['el', 'en'];

export type Messages = typeof el;
export type MessageKey = keyof Messages;

const MESSAGES = { el, en } as const;
const LOCALES: Record<Language, string> = { el: 'el-GR', en: 'en-GB' };

export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t: Translate<Messages>;
  /** 10:20, in Athens. */
  time(iso: string): string;
  /** Τρίτη 1 Δεκεμβρίου 2026, the day in Athens. */
  day(iso: string): string;
  /** 1 Δεκεμβρίου 2026, 10:20, in Athens. */
  dateTime(iso: string): string;
  /** 245 kB, 1,2 MB: a file's size as people read it (1 kB = 1024 bytes, as the limits count). */
  fileSize(bytes: number): string;
}

export function createI18n(language: Language, setLanguage: (language: Language) => void): I18n {
  const locale = LOCALES[language];
  const time = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const date = new Intl.DateTimeFormat(locale, { timeZone: KEP_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
  const oneDecimal = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  return {
    language,
    setLanguage,
    t: createTranslate<Messages>(MESSAGES[language], locale),
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
