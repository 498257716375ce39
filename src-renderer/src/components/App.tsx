import { useEffect, useState } from 'react';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import { useDay, useWorkstation } from '../hooks/use-workstation';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { AppointmentDetail } from './AppointmentDetail';
import { AppointmentList } from './AppointmentList';
import { Header } from './Header';
import { SyncNotice } from './SyncNotice';

export function App(): React.JSX.Element {
  const workstation = useWorkstation();
  const language = workstation.settings?.language ?? 'el';
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <I18nProvider language={language}>
      <Workspace workstation={workstation} />
    </I18nProvider>
  );
}

function Workspace({ workstation }: { workstation: ReturnType<typeof useWorkstation> }): React.JSX.Element {
  const { t, longDate, errorText } = useI18n();
  const { info, sync, settings } = workstation;
  const [date, setDate] = useState<IsoDate | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const activeDate = date ?? info?.today ?? null;
  const { day, error: dayError } = useDay(activeDate);
  const error = workstation.error ?? dayError;

  if (error && !info) {
    return (
      <main className="fatal" role="alert">
        {t('app.startError', { message: errorText(error) })}
      </main>
    );
  }
  if (!info || !sync || !settings || !activeDate) return <main className="loading">{t('app.loading')}</main>;

  // The sync notice already explains a failure of the sync itself; say it once.
  const actionError = error && error.code !== sync.lastError?.code ? error : null;
  const appointments = day?.appointments ?? [];
  const selected = appointments.find((a) => a.id === selectedId) ?? null;

  return (
    <div className="layout">
      <Header
        info={info}
        sync={sync}
        settings={settings}
        date={activeDate}
        onDate={(d) => {
          setDate(d);
          setSelectedId(null);
        }}
        onSyncNow={workstation.syncNow}
        onLanguage={(language) => workstation.updateSettings({ language })}
      />
      <SyncNotice sync={sync} onRetry={workstation.syncNow} />
      {actionError && (
        <div className="notice notice-error" role="alert">
          <p>{errorText(actionError)}</p>
        </div>
      )}
      <main className="workspace">
        <section className="day" aria-labelledby="day-heading">
          <h2 id="day-heading" className="day-heading">
            {longDate(activeDate)}
            <span className="day-count">{t('day.count', { count: appointments.length })}</span>
          </h2>
          {appointments.length > 0 ? (
            <AppointmentList appointments={appointments} selectedId={selected?.id ?? null} onSelect={setSelectedId} />
          ) : (
            <p className="day-empty" data-testid="day-empty">
              {sync.lastSuccessAt ? t('day.empty') : t('day.neverSynced')}
            </p>
          )}
        </section>
        <AppointmentDetail appointment={selected} />
      </main>
    </div>
  );
}
