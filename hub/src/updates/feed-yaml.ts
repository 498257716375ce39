import { updateFileUrl } from '../../../src-shared/protocol/constants';
import type { UpdateOffer } from './offer';

/**
 * The feed file electron-updater's generic provider reads (`latest.yml`, `latest-linux.yml`), in
 * the shape electron-builder publishes: `files` with relative URLs, base64 sha512 and sizes, and
 * the older top-level `path` and `sha512` naming the main file. No `stagingPercentage`: the hub
 * has already decided this workstation's stage, so the updater must not roll its own dice.
 * Every string is single-quoted, so no value is ever read as a number or a date.
 */
export function feedYaml(offer: UpdateOffer): string {
  const quote = (text: string): string => `'${text.replaceAll("'", "''")}'`;
  const main = offer.files[0];
  if (!main) throw new Error('An offer has at least one file.');
  const lines = [`version: ${quote(offer.version)}`, 'files:'];
  for (const file of offer.files) {
    lines.push(`  - url: ${quote(updateFileUrl(file.id, file.fileName))}`, `    sha512: ${quote(file.sha512)}`, `    size: ${file.size}`);
  }
  lines.push(`path: ${quote(updateFileUrl(main.id, main.fileName))}`, `sha512: ${quote(main.sha512)}`, `releaseDate: ${quote(main.publishedAt)}`);
  return `${lines.join('\n')}\n`;
}
