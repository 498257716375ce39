import { type DeviceSettings, deviceSettingsSchema, LANGUAGES, type Language, type Settings } from '../../src-shared/contract/ipc';
import type { SqliteDatabase } from '../db/open-database';
import { KeyValueStore } from './key-value-store';

const DEFAULT_LANGUAGE: Language = 'el';
const DEFAULT_DEVICES: DeviceSettings = { cameraId: null, microphoneId: null, speakerId: null };

/** The workstation's own preferences: UI language and the call devices. */
export class SettingsService {
  private readonly store: KeyValueStore;

  constructor(db: SqliteDatabase) {
    this.store = new KeyValueStore(db, 'settings');
  }

  get(): Settings {
    const language = this.store.get('language');
    return {
      language: (LANGUAGES as readonly string[]).includes(language ?? '') ? (language as Language) : DEFAULT_LANGUAGE,
      devices: this.devices(),
    };
  }

  update(patch: Partial<Settings>): Settings {
    if (patch.language) this.store.set('language', patch.language);
    if (patch.devices) this.store.set('devices', JSON.stringify(patch.devices));
    return this.get();
  }

  private devices(): DeviceSettings {
    // A damaged value falls back to the system's devices rather than breaking the settings.
    try {
      const parsed = deviceSettingsSchema.safeParse(JSON.parse(this.store.get('devices') ?? 'null'));
      return parsed.success ? parsed.data : DEFAULT_DEVICES;
    } catch {
      return DEFAULT_DEVICES;
    }
  }
}
