import type { Migration } from '../../../src-shared/sqlite/migrations';
import type { SqliteDatabase } from '../open-database';
import { m001Appointments } from './001-appointments';
import { m002SettingsAndSyncState } from './002-settings-and-sync-state';
import { m003WorkAndOutbox } from './003-work-and-outbox';
import { m004DailyFigures } from './004-daily-figures';
import { m005Calls } from './005-calls';
import { m006AuditLog } from './006-audit-log';
import { m007IdChecksAndCases } from './007-id-checks-and-cases';
import { m008CaseStatus } from './008-case-status';
import { m009DocumentsAndDispatches } from './009-documents-and-dispatches';
import { m010OwedDocuments } from './010-owed-documents';
import { m011SignedChanges } from './011-signed-changes';
import { m012DispatchFailure } from './012-dispatch-failure';
import { m013OutboxColumns } from './013-outbox-columns';
import { m014VerificationPassTold } from './014-verification-pass-told';
import { m015RecordRefused } from './015-record-refused';
import { m016StatsCache } from './016-stats-cache';
import { m017CatalogueAndBookedBy } from './017-catalogue-and-booked-by';
import { m018AuditCheckpoint } from './018-audit-checkpoint';
import { m019AppointmentChecks } from './019-appointment-checks';

/** Append only. A released migration is never edited; a fix is a new migration. */
export const APP_MIGRATIONS: readonly Migration<SqliteDatabase>[] = [
  m001Appointments,
  m002SettingsAndSyncState,
  m003WorkAndOutbox,
  m004DailyFigures,
  m005Calls,
  m006AuditLog,
  m007IdChecksAndCases,
  m008CaseStatus,
  m009DocumentsAndDispatches,
  m010OwedDocuments,
  m011SignedChanges,
  m012DispatchFailure,
  m013OutboxColumns,
  m014VerificationPassTold,
  m015RecordRefused,
  m016StatsCache,
  m017CatalogueAndBookedBy,
  m018AuditCheckpoint,
  m019AppointmentChecks,
];
