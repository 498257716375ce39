import type { Handlers } from '../../ipc/ipc-router';
import type { SettingsService } from '../../settings/settings-service';

export function settingsHandlers({ settings }: { settings: SettingsService }): Handlers<'settings.get' | 'settings.update'> {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
  };
}
