import { formatAthensTime } from '../../src-shared/domain/athens-time';
import type { UpdatePolicy } from '../../src-shared/protocol/updates';

export type InstallWindow = NonNullable<UpdatePolicy['installWindow']>;

/**
 * Is the instant inside IT's install window, read on the KEP's wall clock (Athens)? The window
 * includes its start and excludes its end; one whose end is not after its start wraps past
 * midnight (22:00–06:00), so from = to means all day.
 */
export function insideInstallWindow(instant: Date, window: InstallWindow): boolean {
  const time = formatAthensTime(instant);
  if (window.from < window.to) return time >= window.from && time < window.to;
  return time >= window.from || time < window.to;
}
