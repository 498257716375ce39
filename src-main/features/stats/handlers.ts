import { Buffer } from 'node:buffer';
import type { Handlers } from '../../ipc/ipc-router';
import type { FontFiles } from '../../pdf/pdf-fonts';
import { exportStats } from '../../stats/stats-export';
import type { StatsPeriods } from '../../stats/stats-period';
import type { TodayFigures } from '../../../src-shared/protocol/stats';

export interface StatsHandlersDeps {
  today(): TodayFigures;
  periods: StatsPeriods;
  kep(): { id: string; name: string };
  fonts(): Promise<FontFiles>;
}

/** A supervisor's figures: today from the desk, a period from the hub (or its cached answer), and their export. */
export function statsHandlers({ today, periods, kep, fonts }: StatsHandlersDeps): Handlers<'stats.today' | 'stats.period' | 'stats.export'> {
  return {
    'stats.today': () => today(),
    'stats.period': (query) => periods.get(query),
    'stats.export': async ({ query, format, language }) => {
      const answer = await periods.get(query);
      const file = await exportStats({ stats: answer.stats, fetchedAt: answer.fetchedAt, format, language, kepName: kep().name, fonts });
      return { fileName: file.fileName, mimeType: file.mimeType, dataBase64: Buffer.from(file.bytes).toString('base64') };
    },
  };
}
