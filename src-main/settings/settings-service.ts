import { LANGUAGES, type Language, type Settings } from '../../src-shared/contract/ipc';
import type { SqliteDatabase } from '../db/open-database';
import { KeyValueStore } from './key-value-store';

const DEFAULT_LANGUAGE: Language = 'el';

export class SettingsService {
  private readonly store: KeyValueStore;

  constructor(db: SqliteDatabase) {
    this.store = new KeyValueStore(db, 'settings');
  }

  get(): Settings {
    const language = this.store.get('language');
    return { language: (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : DEFAULT_LANGUAGE };
  }

  update(patch: Partial<Settings>): Settings {
    if (patch.language) this.store.set('language', patch.language);
    return this.get();
  }
}
