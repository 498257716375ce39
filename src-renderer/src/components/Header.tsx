import { type AppInfo, LANGUAGES, type Language, type Settings, type SyncStatus } from '../../../src-shared/contract/ipc';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import { useI18n } from '../i18n/i18n';
import { SyncIndicator } from './SyncIndicator';

interface Props {
  info: AppInfo;
  sync: SyncStatus;
  settings: Settings;
  date: IsoDate;
  onDate(date: IsoDate): void;
  onSyncNow(): void;
  onLanguage(language: Language): void;
}

const LANGUAGE_NAMES: Record<Language, string> = { el: 'Ελληνικά', en: 'English' };

export function Header({ info, sync, settings, date, onDate, onSyncNow, onLanguage }: Props): React.JSX.Element {
  const { t, shortDate } = useI18n();
  const days: Array<[IsoDate, string]> = [
    [info.today, t('day.today')],
    [info.nextWorkingDay, t('day.nextWorkingDay')],
  ];
  return (
    <header className="header">
      <div className="brand">
        <h1>{t('app.title')}</h1>
        <p className="kep-name" data-testid="kep-name">
          {info.kep?.name ?? t('app.noKep')}
        </p>
      </div>
      <nav className="day-tabs" aria-label={t('day.choose')}>
        {days.map(([d, label]) => (
          <button
            key={d}
            type="button"
            className="day-tab"
            aria-pressed={d === date}
            onClick={() => onDate(d)}
            data-date={d}
          >
            <span className="day-tab-label">{label}</span>
            <span className="day-tab-date">{shortDate(d)}</span>
          </button>
        ))}
      </nav>
      <SyncIndicator sync={sync} onSyncNow={onSyncNow} />
      <label className="language">
        <span>{t('language.label')}</span>
        <select value={settings.language} onChange={(e) => onLanguage(e.target.value as Language)}>
          {LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
      </label>
    </header>
  );
}
