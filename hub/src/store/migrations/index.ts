import type { Migration } from '../../../../src-shared/sqlite/migrations';
import type { HubDatabase } from '../open-database';
import { m001KepsWorkstationsAppointments } from './001-keps-workstations-appointments';
import { m002Identities } from './002-identities';
import { m003RefreshTokenRotation } from './003-refresh-token-rotation';
import { m004WorkAndChanges } from './004-work-and-changes';
import { m005CallOutcome } from './005-call-outcome';
import { m006IdentityChecks } from './006-identity-checks';
import { m007AuditEntries } from './007-audit-entries';
import { m008Dispatches } from './008-dispatches';
import { m009DispatchHandover } from './009-dispatch-handover';
import { m010ActorKeys } from './010-actor-keys';
import { m011DispatchFailure } from './011-dispatch-failure';
import { m012VerificationName } from './012-verification-name';
import { m013UpdatesAndFleet } from './013-updates-and-fleet';
import { m014StatsFacts } from './014-stats-facts';
import { m015StatsDays } from './015-stats-days';
import { m016KepPostalAddress } from './016-kep-postal-address';
import { m017CitizenSessions } from './017-citizen-sessions';
import { m018BookingMail } from './018-booking-mail';
import { m019BookingCatalogueSchedules } from './019-booking-catalogue-schedules';

/** Append only. A released migration is never edited; a fix is a new migration. */
export const HUB_MIGRATIONS: readonly Migration<HubDatabase>[] = [
  m001KepsWorkstationsAppointments,
  m002Identities,
  m003RefreshTokenRotation,
  m004WorkAndChanges,
  m005CallOutcome,
  m006IdentityChecks,
  m007AuditEntries,
  m008Dispatches,
  m009DispatchHandover,
  m010ActorKeys,
  m011DispatchFailure,
  m012VerificationName,
  m013UpdatesAndFleet,
  m014StatsFacts,
  m015StatsDays,
  m016KepPostalAddress,
  m017CitizenSessions,
  m018BookingMail,
  m019BookingCatalogueSchedules,
];
