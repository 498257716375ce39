import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppInfo, DeviceSettings as Devices, Language, SessionInfo, SyncStatus } from '../../../src-shared/contract/ipc';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { displayState, offersCall } from '../../../src-shared/domain/appointment-state';
import { callWindow } from '../../../src-shared/domain/call-window';
import type { IsoDate } from '../../../src-shared/domain/athens-time';
import type { ErrorInfo } from '../../../src-shared/errors';
import type { WorkChange } from '../../../src-shared/protocol/changes';
import { useArrivalAlert, useLobby } from '../hooks/use-lobby';
import { usePreparedCall } from '../hooks/use-prepared-call';
import { useNow } from '../hooks/use-now';
import { useOutbox, useStaff } from '../hooks/use-outbox';
import { useOwedDocuments } from '../hooks/use-dispatch';
import { useDay, useWorkstation, type WorkstationState } from '../hooks/use-workstation';
import { call, toErrorInfo } from '../kep';
import { I18nProvider, useI18n } from '../i18n/i18n';
import { AppointmentDetail } from './AppointmentDetail';
import { AppointmentList, AppointmentListLoading } from './AppointmentList';
import { BookForCitizen } from './BookForCitizen';
import { CallView } from './CallView';
import { CaseSection } from './CaseSection';
import { OwedPanel } from './OwedPanel';
import { DeviceSettings } from './DeviceSettings';
import { LoadProblem } from './LoadProblem';
import { LobbyPanel } from './LobbyPanel';
import { DayFilters, type Filters, NO_FILTERS } from './DayFilters';
import { filterAppointments } from './filter-appointments';
import { OutboxIndicator } from './OutboxIndicator';
import { WorkPanel } from './WorkPanel';
import { EnrolScreen } from './EnrolScreen';
import { Header } from './Header';
import { ItPanel } from './ItPanel';
import { SignInScreen } from './SignInScreen';
import { StatsScreen } from './stats/StatsScreen';
import { SyncNotice } from './SyncNotice';
import { UpdateNotice } from './UpdateNotice';

export function App(): React.JSX.Element {
  const workstation = useWorkstation();
  const language = workstation.settings?.language ?? 'el';
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <I18nProvider language={language}>
      <Screens workstation={workstation} />
    </I18nProvider>
  );
}

/** Enrolment, then sign-in, then the screen of the signed-in role. */
function Screens({ workstation }: { workstation: WorkstationState }): React.JSX.Element {
  const { t, errorText } = useI18n();
  const { info, sync, settings, session, error } = workstation;
  const [chosenView, setView] = useState<View>('day');

  if (error && !info) {
    return (
      <main className="fatal" role="alert">
        {t('app.startError', { message: errorText(error) })}
      </main>
    );
  }
  if (!info || !sync || !settings || session === undefined) return <main className="loading">{t('app.loading')}</main>;
  const onLanguage = (language: Language): void => workstation.updateSettings({ language });
  if (!info.enrolled) return <EnrolScreen language={settings.language} onLanguage={onLanguage} onEnrol={workstation.enrol} />;
  if (!session) return <SignInScreen info={info} language={settings.language} onLanguage={onLanguage} onSignIn={workstation.signIn} />;
  // Only supervisors have a choice; anyone else always sees their day.
  const view: View = session.user.role === 'supervisor' ? chosenView : 'day';

  return (
    <div className="layout">
      <Header
        info={info}
        sync={sync}
        settings={settings}
        session={session}
        onSyncNow={workstation.syncNow}
        onLanguage={onLanguage}
        onSignOut={workstation.signOut}
      />
      <UpdateNotice forIt={session.user.role === 'it-admin'} />
      <SyncNotice sync={sync} onRetry={workstation.syncNow} />
      {session.user.role === 'supervisor' && <ViewSwitch view={view} onView={setView} />}
      {session.user.role === 'it-admin' ? (
        <ItPanel info={info} sync={sync} onEnrol={workstation.enrol} />
      ) : (
        // Keyed by the person: another user's sign-in starts a new workspace (their day read through
        // their role, no selection or filters left from the one before). Hidden, not unmounted,
        // while a supervisor reads the figures: a call in progress and the day's selection stay.
        <div className="view-day" hidden={view !== 'day'}>
          <DayWorkspace
            key={session.user.id}
            info={info}
            sync={sync}
            session={session}
            devices={settings.devices}
            onDevices={(devices) => workstation.updateSettings({ devices })}
            actionError={error && error.code !== sync.lastError?.code ? error : null}
          />
        </div>
      )}
      {session.user.role === 'supervisor' && view === 'stats' && <StatsScreen key={session.user.id} today={info.today} />}
    </div>
  );
}

type View = 'day' | 'stats';

/** A supervisor's two places: the day at the counter and the KEP's figures. */
function ViewSwitch({ view, onView }: { view: View; onView(view: View): void }): React.JSX.Element {
  const { t } = useI18n();
  return (
    <nav className="view-switch" aria-label={t('view.label')}>
      {(['day', 'stats'] as const).map((v) => (
        <button key={v} type="button" className="view-tab" aria-pressed={view === v} data-testid={`view-${v}`} onClick={() => onView(v)}>
          {t(`view.${v}`)}
        </button>
      ))}
    </nav>
  );
}

interface DayWorkspaceProps {
  info: AppInfo;
  sync: SyncStatus;
  session: SessionInfo;
  devices: Devices;
  onDevices(devices: Devices): void;
  actionError: WorkstationState['error'];
}

function DayWorkspace({ info, sync, session, devices, onDevices, actionError }: DayWorkspaceProps): React.JSX.Element {
  const { t, longDate, shortDate, errorText, time } = useI18n();
  const [inCall, setInCall] = useState<Appointment | null>(null);
  const [endedCall, setEndedCall] = useState<string | null>(null);
  const dayHeading = useRef<HTMLHeadingElement>(null);
  const [deviceSettings, setDeviceSettings] = useState(false);
  const [booking, setBooking] = useState(false);
  // The issue: supervisors see who booked; an employee's day stays as it was.
  const showBookedBy = session.user.role === 'supervisor';
  const { lobby, error: lobbyError, reload: reloadLobby } = useLobby();
  const [date, setDate] = useState<IsoDate>(info.today);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const { data: day, error: dayError, reload: reloadDay } = useDay(date);
  const { data: staffList, error: staffError, reload: reloadStaff } = useStaff();
  const { data: outbox, error: outboxError, reload: reloadOutbox } = useOutbox();
  const { data: owedList, error: owedError, reload: reloadOwed } = useOwedDocuments();
  const staff = useMemo(() => staffList ?? [], [staffList]);
  const owed = owedList ?? [];
  const now = useNow(30_000);
  const loadProblems = (
    [
      ['day', dayError, reloadDay],
      ['lobby', lobbyError, reloadLobby],
      ['owed', owedError, reloadOwed],
      ['outbox', outboxError, reloadOutbox],
      ['staff', staffError, reloadStaff],
    ] as const
  ).flatMap(([subject, error, reload]) => (error ? [{ subject, error, reload }] : []));
  const all = useMemo(() => day?.appointments ?? [], [day]);
  const work = useMemo(() => new Map((day?.work ?? []).map((w) => [w.appointmentId, w])), [day]);
  const staffNames = useMemo(() => new Map(staff.map((s) => [s.id, s.displayName])), [staff]);
  const appointments = useMemo(() => filterAppointments(all, work, filters, session.user.id), [all, work, filters, session.user.id]);
  const selected = appointments.find((a) => a.id === selectedId) ?? null;
  const states = useMemo(() => new Map(all.map((a) => [a.id, displayState(a, work.get(a.id), inCall?.id === a.id, now)])), [all, work, inCall, now]);
  const selectedState = selected ? (states.get(selected.id) ?? 'booked') : null;
  const refused = outbox?.refused[0];
  const alertText = useCallback(
    (a: Appointment) => ({
      title: t('lobby.alertTitle'),
      body: t('lobby.alertBody', { name: `${a.citizen.firstName} ${a.citizen.lastName}`, time: time(a.startsAt) }),
    }),
    [t, time],
  );
  // The hub's reason is English, for the log; the notice says what to do in the UI's language.
  const [refusedAt, refusedReason] = [refused?.madeAt, refused?.reason];
  useEffect(() => {
    if (refusedReason) console.warn(`The hub refused a change made at ${refusedAt}: ${refusedReason}`);
  }, [refusedAt, refusedReason]);
  // Signed in: the day's heading takes the focus, so a screen reader starts at the day, not at <body>.
  useEffect(() => dayHeading.current?.focus(), []);
  // A call ended: back to its row in the list (the list's active option), where the work goes on.
  useEffect(() => {
    if (endedCall === null) return;
    // Found by its active option, not through the row: the list draws only the rows in view, and
    // the row may not be drawn yet when the day comes back.
    const list = document.querySelector<HTMLElement>(`[role="listbox"][aria-activedescendant="appointment-${endedCall}"]`);
    (list ?? dayHeading.current)?.focus();
    setEndedCall(null);
  }, [endedCall]);
  useArrivalAlert(lobby, date === info.today ? all : [], alertText, devices.speakerId);
  const window = selected ? callWindow(selected) : null;
  const callable = selectedState !== null && offersCall(selectedState);
  // Before the click, while its citizen waits: the call's connection without media (use-prepared-call.ts).
  const preparing = !inCall && selected && callable && session.realtime === 'connected' ? selected.id : null;
  const preparer = usePreparedCall(preparing, preparing ? lobby.get(preparing) : undefined);
  const change = async (c: WorkChange): Promise<ErrorInfo | null> => {
    try {
      await call('appointment.change', { change: c });
      return null;
    } catch (e) {
      return toErrorInfo(e);
    }
  };
  const days: Array<[IsoDate, string]> = [
    [info.today, t('day.today')],
    [info.nextWorkingDay, t('day.nextWorkingDay')],
  ];
  // An owed document can take the employee to an earlier day still in the cache.
  if (!days.some(([d]) => d === date)) days.unshift([date, t('day.other')]);

  return (
    <>
      {actionError && (
        <div className="notice notice-error" role="alert">
          <p>{errorText(actionError)}</p>
        </div>
      )}
      {loadProblems.map((p) => (
        <LoadProblem key={p.subject} subject={p.subject} error={p.error} onRetry={p.reload} />
      ))}
      {refused && (
        <div className="notice notice-error" role="alert" data-testid="refused-change">
          <p>{t('outbox.refused')}</p>
        </div>
      )}
      {booking && <BookForCitizen onClose={() => setBooking(false)} />}
      {deviceSettings && <DeviceSettings devices={devices} onSave={async (d) => onDevices(d)} onClose={() => setDeviceSettings(false)} />}
      <main className={inCall ? 'workspace workspace-call' : 'workspace'}>
        {inCall ? (
          <CallView
            appointment={inCall}
            devices={devices}
            room={lobby.get(inCall.id)}
            realtime={session.realtime}
            preparer={preparer}
            onEnded={() => {
              setSelectedId(inCall.id);
              setInCall(null);
              setEndedCall(inCall.id);
            }}
          />
        ) : (
          <section className="day" aria-labelledby="day-heading">
            <div className="day-bar">
              <h2 id="day-heading" className="day-heading" ref={dayHeading} tabIndex={-1}>
                {longDate(date)}
                {day && <span className="day-count">{t('day.count', { count: all.length })}</span>}
              </h2>
              <OutboxIndicator outbox={outbox} />
              <button type="button" className="button button-primary" data-testid="open-booking" onClick={() => setBooking(true)}>
                {t('booking.open')}
              </button>
              <button type="button" className="button" data-testid="open-devices" onClick={() => setDeviceSettings(true)}>
                {t('devices.open')}
              </button>
              <nav className="day-tabs" aria-label={t('day.choose')}>
                {days.map(([d, label]) => (
                  <button
                    key={d}
                    type="button"
                    className="day-tab"
                    aria-pressed={d === date}
                    onClick={() => {
                      setDate(d);
                      setSelectedId(null);
                    }}
                    data-date={d}
                  >
                    <span className="day-tab-label">{label}</span>
                    <span className="day-tab-date">{shortDate(d)}</span>
                  </button>
                ))}
              </nav>
            </div>
            <LobbyPanel lobby={lobby} appointments={date === info.today ? all : []} states={states} now={now} onSelect={setSelectedId} />
            <OwedPanel
              owed={owed}
              onOpen={(o) => {
                setDate(o.date);
                setFilters(NO_FILTERS);
                setSelectedId(o.appointmentId);
              }}
            />
            <DayFilters filters={filters} onChange={setFilters} counts={day ? { shown: appointments.length, count: all.length } : null} />
            {!day && !dayError ? (
              <AppointmentListLoading />
            ) : appointments.length > 0 ? (
              <AppointmentList
                appointments={appointments}
                work={work}
                states={states}
                staffNames={staffNames}
                now={date === info.today ? now : null}
                selectedId={selected?.id ?? null}
                onSelect={setSelectedId}
                showBookedBy={showBookedBy}
              />
            ) : (
              // A day that did not load is not an empty day: its load problem is shown above instead.
              day && (
                <p className="day-empty" data-testid="day-empty">
                  {all.length > 0 ? t('filter.noMatch') : sync.lastSuccessAt ? t('day.empty') : t('day.neverSynced')}
                </p>
              )
            )}
          </section>
        )}
        {/* In the call the booking shrinks to the call's summary line: the room goes to the call. */}
        {!inCall && (
          <AppointmentDetail appointment={selected} state={selectedState} showBookedBy={showBookedBy}>
            {selected && selectedState !== null && (selectedState === 'booked' || offersCall(selectedState)) && (
              <div className="call-launch">
                <button
                  type="button"
                  className="button button-primary"
                  data-testid="start-call"
                  disabled={!callable || session.realtime !== 'connected'}
                  onClick={() => setInCall(selected)}
                >
                  {t('call.start')}
                </button>
                {!callable && window && (
                  <p className="muted">
                    {t('call.window', { from: time(new Date(window.opens).toISOString()), to: time(new Date(window.closes).toISOString()) })}
                  </p>
                )}
                {callable && session.realtime !== 'connected' && <p className="muted">{t('call.needsHub')}</p>}
              </div>
            )}
            {selected && (
              <WorkPanel
                appointment={selected}
                work={work.get(selected.id)}
                state={selectedState ?? 'booked'}
                role={session.user.role}
                staff={staff}
                now={now}
                offline={sync.state === 'offline'}
                onChange={change}
              />
            )}
            {selected && <CaseSection appointment={selected} offline={sync.state === 'offline'} />}
          </AppointmentDetail>
        )}
      </main>
    </>
  );
}
