/** A call (and its join links) opens 15 minutes before the slot and closes 30 minutes after it ends. */
export const OPENS_BEFORE_MINUTES = 15;
export const CLOSES_AFTER_MINUTES = 30;

export function callWindow(appointment: { startsAt: string; endsAt: string }): { opens: number; closes: number } {
  return {
    opens: new Date(appointment.startsAt).getTime() - OPENS_BEFORE_MINUTES * 60_000,
    closes: new Date(appointment.endsAt).getTime() + CLOSES_AFTER_MINUTES * 60_000,
  };
}
