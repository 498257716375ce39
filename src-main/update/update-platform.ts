import type { UpdatePlatform } from '../../src-shared/protocol/updates';

/** The hub publishes installers for Windows and Linux; a desk asks for its own kind. */
export function updatePlatform(platform: NodeJS.Platform = process.platform): UpdatePlatform {
  return platform === 'win32' ? 'win' : 'linux';
}
