import { useFleet } from '../hooks/use-fleet';
import { useI18n } from '../i18n/i18n';
import { FleetAdoption } from './FleetAdoption';
import { LoadProblem } from './LoadProblem';

/** IT's view of the KEP's desks: which version each runs, how its updater stands, what needs a look. */
export function FleetSection(): React.JSX.Element {
  const { t, dateTime } = useI18n();
  const { data: fleet, error, reload } = useFleet();
  return (
    <section className="card card-wide" aria-labelledby="fleet-title" data-testid="fleet">
      <h2 id="fleet-title">{t('fleet.title')}</h2>
      {error && <LoadProblem subject="fleet" error={error} onRetry={reload} />}
      {fleet && (
        <>
          <p className="card-sub">
            {fleet.current ? t('fleet.channel', { channel: fleet.channel, version: fleet.current }) : t('fleet.channelNone', { channel: fleet.channel })}{' '}
            <button type="button" className="button" onClick={reload}>
              {t('fleet.refresh')}
            </button>
          </p>
          <table className="fleet-table">
            <caption className="visually-hidden">{t('fleet.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fleet.desk')}</th>
                <th scope="col">{t('fleet.version')}</th>
                <th scope="col">{t('fleet.update')}</th>
                <th scope="col">{t('fleet.lastSeen')}</th>
                <th scope="col">{t('fleet.attention')}</th>
              </tr>
            </thead>
            <tbody>
              {fleet.desks.map((desk) => (
                <tr key={desk.workstationId} data-testid="fleet-desk" className={desk.attention.length > 0 ? 'fleet-attention' : undefined}>
                  <th scope="row">{desk.label}</th>
                  <td>{desk.report?.version ?? '—'}</td>
                  <td>
                    {desk.report ? t(`fleet.state.${desk.report.update.state}`) : '—'}
                    {desk.report?.update.message ? <span className="muted"> · {desk.report.update.message}</span> : null}
                  </td>
                  <td>{desk.lastSeenAt ? dateTime(desk.lastSeenAt) : t('fleet.neverSeen')}</td>
                  <td>{desk.attention.length > 0 ? desk.attention.map((a) => t(`fleet.why.${a}`)).join(', ') : t('fleet.fine')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <FleetAdoption fleet={fleet} />
        </>
      )}
    </section>
  );
}
