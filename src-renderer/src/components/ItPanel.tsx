import { useState } from 'react';
import type { AppInfo, SyncStatus } from '../../../src-shared/contract/ipc';
import type { ErrorInfo } from '../../../src-shared/errors';
import { useUpdate } from '../hooks/use-update';
import { useI18n } from '../i18n/i18n';
import { CredentialWarning } from './CredentialWarning';
import { EnrolForm } from './EnrolForm';
import { FleetSection } from './FleetSection';
import { updateSummary } from '../i18n/update-texts';

interface Props {
  info: AppInfo;
  sync: SyncStatus;
  onEnrol(input: { hubUrl: string; code: string; label: string }): Promise<ErrorInfo | null>;
}

/** What IT staff see: the workstation's configuration, never citizens' data. */
export function ItPanel({ info, sync, onEnrol }: Props): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const [enrolled, setEnrolled] = useState(false);
  const { data: update } = useUpdate();
  const rows: Array<[string, string]> = [
    [t('it.kep'), info.kep?.name ?? t('app.noKep')],
    [t('it.hubUrl'), info.hubUrl || '—'],
    [t('it.workstationId'), info.workstationId ?? '—'],
    [t('it.protection'), info.credentialProtection ? t(`it.protection.${info.credentialProtection}`) : '—'],
    [t('it.sync'), sync.lastSuccessAt ? t('sync.lastSuccess', { time: dateTime(sync.lastSuccessAt) }) : t('sync.noSuccessYet')],
    [t('it.updates'), update ? updateSummary(info.version, update, { t, dateTime }) : info.version],
  ];
  return (
    <main className="it-panel">
      <section className="card card-wide" aria-labelledby="it-title">
        <h2 id="it-title">{t('it.title')}</h2>
        <CredentialWarning info={info} />
        {!info.auditTrail.intact && (
          <p className="notice notice-error notice-inline" role="alert" data-testid="audit-broken">
            {t('it.auditBroken', { entry: info.auditTrail.firstBroken ?? 0 })}
          </p>
        )}
        {info.auditTrail.unaudited > 0 && (
          <p className="notice notice-error notice-inline" role="alert" data-testid="audit-unaudited">
            {t('it.auditUnaudited', { count: info.auditTrail.unaudited })}
          </p>
        )}
        <dl className="detail-fields">
          {rows.map(([label, value]) => (
            <div key={label} className="detail-field">
              <dt>{label}</dt>
              <dd className={label === t('it.workstationId') ? 'mono' : undefined}>{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      {info.enrolled && <FleetSection />}
      <section className="card card-wide" aria-labelledby="re-enrol-title">
        <h2 id="re-enrol-title">{t('it.reEnrol')}</h2>
        {info.credentialProtection === 'config' ? (
          <p className="card-sub">{t('it.reEnrolConfig')}</p>
        ) : (
          <>
            <p className="card-sub">{t('it.reEnrolIntro')}</p>
            {enrolled && (
              <p className="form-ok" role="status">
                {t('it.enrolled')}
              </p>
            )}
            <EnrolForm initialHubUrl={info.hubUrl} submitLabel={t('enrol.submit')} onEnrol={onEnrol} onDone={() => setEnrolled(true)} />
          </>
        )}
      </section>
    </main>
  );
}
