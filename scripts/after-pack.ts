import type { AfterPackContext } from 'electron-builder';
import { ELECTRON_FUSES } from './after-pack-fuses';

/** electron-builder's afterPack hook: fuses are flipped after packing and before signing, so the signature covers them. */
export async function afterPack(context: AfterPackContext): Promise<void> {
  await context.packager.addElectronFuses(context, ELECTRON_FUSES);
}
