import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Appointment } from '../../../src-shared/domain/appointment';
import { athensDayRange, type IsoDate } from '../../../src-shared/domain/athens-time';
import type { Kep, KepInput } from '../../../src-shared/protocol/hub-api';
import type { AppointmentWork, CallOutcome } from '../../../src-shared/protocol/changes';
import { migrate } from '../../../src-shared/sqlite/migrations';
import { HUB_MIGRATIONS } from './migrations';
import { DayDataVersion } from './day-data-version';
import { type HubDatabase, openHubDatabase } from './open-database';
import { StatementCache } from './statement-cache';
import { ActorKeysTable } from './tables/actor-keys';
import { AppliedChangesTable } from './tables/applied-changes';
import { AppointmentFactsTable } from './tables/appointment-facts';
import { AppointmentChangesTable } from './tables/appointment-changes';
import { AppointmentWorkTable } from './tables/appointment-work';
import { AppointmentsTable } from './tables/appointments';
import { AuditEntriesTable } from './tables/audit-entries';
import { BookingMailTable } from './tables/booking-mail';
import { CatalogueTable } from './tables/catalogue';
import { ChannelRollbacksTable } from './tables/channel-rollbacks';
import { CitizenSessionsTable } from './tables/citizen-sessions';
import { DispatchFactsTable } from './tables/dispatch-facts';
import { DispatchesTable } from './tables/dispatches';
import { EnrolmentCodesTable } from './tables/enrolment-codes';
import { FleetAdoptionTable } from './tables/fleet-adoption';
import { FleetReportsTable } from './tables/fleet-reports';
import { VerificationsTable } from './tables/verifications';
import { KepClosedDatesTable } from './tables/kep-closed-dates';
import { KepsTable } from './tables/keps';
import { RefreshTokensTable } from './tables/refresh-tokens';
import { ReleaseStagesTable } from './tables/release-stages';
import { ReleasesTable } from './tables/releases';
import { RevokedJoinLinksTable } from './tables/revoked-join-links';
import { SecretsTable } from './tables/secrets';
import { StatsDaysTable } from './tables/stats-days';
import { type StaffMember, UsersTable } from './tables/users';
import { type Workstation, WorkstationsTable } from './tables/workstations';

export type { Workstation } from './tables/workstations';

export const HUB_DATABASE_FILE = 'hub.sqlite';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The hub's data: opens the database, runs its migrations and holds one owner per table. The
 * rest of the hub reaches SQL only through those owners (a lint rule holds this); work that
 * spans tables runs in `transaction`, or in one of the methods below that compose it.
 */
export class HubStore {
  /** For tests and the store's own modules; the hub's other code goes through the owners. */
  readonly db: HubDatabase;
  readonly keps: KepsTable;
  readonly workstations: WorkstationsTable;
  readonly appointments: AppointmentsTable;
  readonly work: AppointmentWorkTable;
  readonly changeFeed: AppointmentChangesTable;
  readonly users: UsersTable;
  readonly refreshTokens: RefreshTokensTable;
  readonly actorKeys: ActorKeysTable;
  readonly enrolmentCodes: EnrolmentCodesTable;
  readonly revokedJoinLinks: RevokedJoinLinksTable;
  readonly secrets: SecretsTable;
  readonly appliedChanges: AppliedChangesTable;
  readonly verifications: VerificationsTable;
  readonly auditEntries: AuditEntriesTable;
  readonly dispatches: DispatchesTable;
  readonly releases: ReleasesTable;
  readonly releaseStages: ReleaseStagesTable;
  readonly channelRollbacks: ChannelRollbacksTable;
  readonly fleetReports: FleetReportsTable;
  readonly fleetAdoption: FleetAdoptionTable;
  readonly appointmentFacts: AppointmentFactsTable;
  readonly dispatchFacts: DispatchFactsTable;
  /** Each KEP-day's tally of its facts, kept by the two facts tables on every write. */
  readonly statsDays: StatsDaysTable;
  readonly citizenSessions: CitizenSessionsTable;
  /** What each booking owes its citizen by e-mail (confirmation, reminders, changes). */
  readonly bookingMail: BookingMailTable;
  /** The agency's categories and services, as IT sets them. */
  readonly catalogue: CatalogueTable;
  readonly kepClosedDates: KepClosedDatesTable;
  private readonly dayVersion: DayDataVersion;

  /** The data folder holds the database and, under releases/, the published update files. */
  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.db = openHubDatabase(join(dataDir, HUB_DATABASE_FILE));
    try {
      migrate(this.db, HUB_MIGRATIONS);
    } catch (error) {
      this.db.close();
      throw error;
    }
    const sql = new StatementCache(this.db);
    this.keps = new KepsTable(sql);
    this.workstations = new WorkstationsTable(sql);
    this.appointments = new AppointmentsTable(sql);
    this.work = new AppointmentWorkTable(sql);
    this.changeFeed = new AppointmentChangesTable(sql);
    this.users = new UsersTable(sql);
    this.refreshTokens = new RefreshTokensTable(sql);
    this.actorKeys = new ActorKeysTable(sql);
    this.enrolmentCodes = new EnrolmentCodesTable(sql);
    this.revokedJoinLinks = new RevokedJoinLinksTable(sql);
    this.secrets = new SecretsTable(sql);
    this.appliedChanges = new AppliedChangesTable(sql);
    this.verifications = new VerificationsTable(sql);
    this.auditEntries = new AuditEntriesTable(sql);
    this.dispatches = new DispatchesTable(sql);
    this.releases = new ReleasesTable(sql);
    this.releaseStages = new ReleaseStagesTable(sql);
    this.channelRollbacks = new ChannelRollbacksTable(sql);
    this.fleetReports = new FleetReportsTable(sql);
    this.fleetAdoption = new FleetAdoptionTable(sql);
    this.statsDays = new StatsDaysTable(sql, this.db);
    this.appointmentFacts = new AppointmentFactsTable(sql, this.statsDays);
    this.dispatchFacts = new DispatchFactsTable(sql, this.statsDays);
    this.citizenSessions = new CitizenSessionsTable(sql);
    this.bookingMail = new BookingMailTable(sql);
    this.catalogue = new CatalogueTable(sql);
    this.kepClosedDates = new KepClosedDatesTable(sql);
    this.dayVersion = new DayDataVersion(this.db);
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  /**
   * Copies what the WAL holds into the database file now, waiting on no reader or writer
   * (PASSIVE), so that the next writer starts the WAL over instead of paying the automatic
   * checkpoint (every ~4 MB of WAL) inside its own commit.
   */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  close(): void {
    this.db.close();
  }

  /**
   * Runs `work` in one transaction (a savepoint inside another). `immediate` takes the write lock
   * at the start, for work that reads and then writes what another hub process may write too.
   * `work` must not await: a transaction never spans an await.
   */
  transaction<T>(work: () => T, mode: 'deferred' | 'immediate' = 'deferred'): T {
    const run = this.db.transaction(work);
    return mode === 'immediate' ? run.immediate() : run();
  }

  upsertKep(kep: KepInput): void {
    this.keps.upsert(kep);
  }

  getKep(id: string): Kep | null {
    return this.keps.get(id);
  }

  listKeps(): Kep[] {
    return this.keps.list();
  }

  /** Creates a workstation credential for a KEP. The token is returned once and stored hashed. */
  addWorkstation(kepId: string, label: string, token: string = randomBytes(32).toString('base64url')): { workstation: Workstation; token: string } {
    if (!this.getKep(kepId)) throw new Error(`There is no KEP with id "${kepId}".`);
    const workstation = { id: randomUUID(), kepId, label };
    this.workstations.insert(workstation, hashToken(token), new Date().toISOString());
    return { workstation, token };
  }

  findWorkstationByToken(token: string): Workstation | null {
    return this.workstations.findByTokenHash(hashToken(token));
  }

  insertAppointments(appointments: readonly Appointment[]): void {
    const createdAt = new Date().toISOString();
    this.transaction(() => {
      for (const a of appointments) {
        this.appointments.insert(a, createdAt);
        this.appointmentFacts.insert(a);
        this.recordChange(a.kepId, a.id);
      }
    });
  }

  getAppointment(id: string): Appointment | null {
    return this.appointments.get(id);
  }

  /** Changes a booking's status (e.g. cancelled, with the reason); its join links stop working with it. */
  setAppointmentStatus(id: string, status: Appointment['status'], reason: string | null = null): void {
    const appointment = this.getAppointment(id);
    if (!appointment) return;
    this.transaction(() => {
      this.appointments.setStatus(id, status, reason, new Date().toISOString());
      this.appointmentFacts.setStatus(id, status, reason);
      this.recordChange(appointment.kepId, id);
    });
  }

  /** Moves a booking to another slot; its join links follow the new times. */
  rescheduleAppointment(id: string, startsAt: string, endsAt: string, reason: string): void {
    const appointment = this.getAppointment(id);
    if (!appointment) return;
    this.transaction(() => {
      this.appointments.reschedule(id, startsAt, endsAt, reason, new Date().toISOString());
      this.appointmentFacts.reschedule(id, startsAt, reason);
      const place = this.appointmentFacts.placeOf(id);
      if (place) this.dispatchFacts.moveAppointment(id, place.slotDate);
      this.recordChange(appointment.kepId, id);
    });
  }

  /**
   * The facts of a call's end: its room closed at `at`, or (with `ended`) the employee recorded
   * how it ended. The appointment's dispatches take the call's end too.
   */
  recordCallEnd(appointmentId: string, at: number, ended?: { outcome: CallOutcome; userId: string }): void {
    this.transaction(() => {
      if (ended) this.appointmentFacts.callEnded(appointmentId, ended.outcome, ended.userId, at);
      else this.appointmentFacts.callClosed(appointmentId, at);
      const place = this.appointmentFacts.placeOf(appointmentId);
      if (place) this.dispatchFacts.setCallEnd(appointmentId, place.callEndedAt);
    });
  }

  /** Appends to the change feed; call inside the transaction that made the change. */
  recordChange(kepId: string, appointmentId: string): void {
    this.changeFeed.record(kepId, appointmentId, new Date().toISOString());
  }

  /** The newest position of the change feed (0 when nothing has changed yet). */
  latestChange(): number {
    return this.changeFeed.latest();
  }

  /** KEPs with changes after `since`. */
  kepsChangedSince(since: number): string[] {
    return this.changeFeed.kepsChangedSince(since);
  }

  /** Ids of a KEP's appointments changed after `since`. */
  appointmentsChangedSince(kepId: string, since: number): string[] {
    return this.changeFeed.appointmentsChangedSince(kepId, since);
  }

  /** A KEP's active staff, for assignment. */
  listStaff(kepId: string): StaffMember[] {
    return this.users.listStaff(kepId);
  }

  getWork(appointmentIds: readonly string[]): AppointmentWork[] {
    return this.work.get(appointmentIds);
  }

  /** Sets some of an appointment's work fields; the rest keep their values. */
  updateWork(appointment: Appointment, patch: Partial<Omit<AppointmentWork, 'appointmentId' | 'updatedAt'>>): void {
    const current = this.getWork([appointment.id])[0];
    const next: AppointmentWork = {
      appointmentId: appointment.id,
      assignedTo: current?.assignedTo ?? null,
      preparedAt: current?.preparedAt ?? null,
      notes: current?.notes ?? '',
      noShowAt: current?.noShowAt ?? null,
      callOutcome: current?.callOutcome ?? null,
      callEndedAt: current?.callEndedAt ?? null,
      ...patch,
      updatedAt: new Date().toISOString(),
    };
    this.work.upsert(next);
    this.recordChange(appointment.kepId, appointment.id);
  }

  countAppointments(kepId: string, date: IsoDate): number {
    const { start, end } = athensDayRange(date);
    return this.appointments.countStarting(kepId, start, end);
  }

  listAppointments(kepId: string, date: IsoDate): Appointment[] {
    const { start, end } = athensDayRange(date);
    return this.appointments.listStarting(kepId, start, end);
  }

  /** Changes whenever a desk's day may have (daySnapshot's tables, by any connection): a kept day is good while it stands. */
  dayDataVersion(): string {
    return this.dayVersion.current();
  }

  /** A day as the desks are served it, from one snapshot: its appointments as JSON bytes, their work, and the feed's position. */
  daySnapshot(kepId: string, date: IsoDate): { cursor: number; appointments: Buffer; work: AppointmentWork[] } {
    return this.transaction(() => {
      const { json, ids } = this.appointmentsJson(kepId, date);
      return { cursor: this.latestChange(), appointments: json, work: this.getWork(ids) };
    });
  }

  /** listAppointments as JSON bytes, with the ids of those appointments (for their work). */
  appointmentsJson(kepId: string, date: IsoDate): { json: Buffer; ids: string[] } {
    const { start, end } = athensDayRange(date);
    // One read transaction: another hub process's write cannot fall between the two reads.
    return this.transaction(() => ({ json: this.appointments.jsonStarting(kepId, start, end), ids: this.appointments.idsStarting(kepId, start, end) }));
  }
}
