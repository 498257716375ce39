import type { IsoDate } from '../../../../src-shared/domain/athens-time';
import { PeriodPanel } from './PeriodPanel';
import { TodayPanel } from './TodayPanel';

/** The supervisor's statistics: today live from the desk, a period from the hub. */
export function StatsScreen({ today }: { today: IsoDate }): React.JSX.Element {
  return (
    <main className="stats-screen" data-testid="stats-screen">
      <TodayPanel />
      <PeriodPanel today={today} />
    </main>
  );
}
