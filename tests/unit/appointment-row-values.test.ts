import { describe, expect, it } from 'vitest';
import { makeDay } from '../../bench/lib/sync-fixture';
import type { Appointment } from '../../src-shared/domain/appointment';
import { APPOINTMENT_COLUMNS, appointmentToColumns, appointmentValues } from '../../src-shared/sqlite/appointment-row';

describe('appointmentValues', () => {
  it("is appointmentToColumns's values in APPOINTMENT_COLUMNS order, instants made canonical", () => {
    const day = makeDay('kep-values-01', '2026-11-30', 12, '2026-11-29T10:00:00.000Z');
    const varied: Appointment[] = [
      ...day,
      { ...(day[0] as Appointment), startsAt: '2026-11-30T07:00:00Z', endsAt: '2026-11-30T07:20:00.5Z', updatedAt: '2026-11-29T10:00:00Z' },
      { ...(day[1] as Appointment), interpreterNeeded: true, category: 3, statusReason: 'λόγος', citizen: { ...(day[1] as Appointment).citizen, email: null } },
    ];
    for (const a of varied) {
      const columns = appointmentToColumns(a);
      expect(appointmentValues(a)).toStrictEqual(APPOINTMENT_COLUMNS.map((c) => columns[c]));
    }
    expect(appointmentValues(varied[12] as Appointment)[2]).toBe('2026-11-30T07:00:00.000Z');
  });
});
