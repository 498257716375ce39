import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint rules', () => {
  it('keeps Node, Electron and other layers out of src-shared', async () => {
    expect(await ruleIds('src-shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-shared/domain/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-shared/domain/x.ts', "import { createApp } from '../../src-main/app/create-app';\nexport const x = createApp;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-shared/domain/x.ts', "import { isValidAfm } from './afm';\nexport const x = isValidAfm;\n")).toEqual([]);
  });

  it('keeps main and Node out of the renderer', async () => {
    expect(
      await ruleIds('src-renderer/src/x.ts', "import { openAppDatabase } from '../../src-main/db/app-database';\nexport const x = openAppDatabase;\n"),
    ).toContain('no-restricted-imports');
    expect(await ruleIds('src-renderer/src/x.ts', "import { join } from 'path';\nexport const x = join;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-renderer/src/x.ts', "import { isValidAfm } from '../../src-shared/domain/afm';\nexport const x = isValidAfm;\n")).toEqual([]);
  });

  it('keeps Electron inside src-main/electron', async () => {
    expect(await ruleIds('src-main/sync/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });

  it('keeps the citizen page to browser code and the shared browser layer', async () => {
    expect(await ruleIds('hub/web/x.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/x.tsx', "import { Server } from 'socket.io';\nexport const x = Server;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/x.tsx', "import { startHub } from '../src/server';\nexport const x = startHub;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/components/x.tsx', "import { App } from '../../../src-renderer/src/components/App';\nexport const x = App;\n")).toContain(
      'no-restricted-imports',
    );
    expect(
      await ruleIds('hub/web/components/x.tsx', "import { VideoTile } from '../../../src-renderer/src/media/VideoTile';\nexport const x = VideoTile;\n"),
    ).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/components/x.tsx', "import { VideoTile } from '../../../src-web/media/VideoTile';\nexport const x = VideoTile;\n")).toEqual(
      [],
    );
    expect(await ruleIds('hub/web/x.ts', "import { io } from 'socket.io-client';\nexport const x = io;\n")).toEqual([]);
  });

  it('keeps src-web to browser code that both the desk and the page can run', async () => {
    expect(await ruleIds('src-web/media/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-web/media/x.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-web/media/x.ts', "import { createApp } from '../../src-main/app/create-app';\nexport const x = createApp;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-web/media/x.ts', "import { startHub } from '../../hub/src/server';\nexport const x = startHub;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-web/media/x.ts', "import { createKepApi } from '../../src-preload/create-kep-api';\nexport const x = createKepApi;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-web/media/x.ts', "import { call } from '../../src-renderer/src/kep';\nexport const x = call;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-web/i18n/x.ts', "import { el } from '../../src-renderer/src/i18n/el';\nexport const x = el;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-web/i18n/x.ts', "import { el } from '../../hub/web/i18n/el';\nexport const x = el;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-web/media/x.ts', "export const x = (): unknown => window.kep.invoke('app.info');\n")).toContain('no-restricted-properties');
    expect(await ruleIds('src-web/media/x.ts', 'export const x = (): unknown => kep;\n')).toContain('no-restricted-globals');
    expect(await ruleIds('src-web/media/x.ts', "import { PeerMesh } from '../../src-shared/call/peer-mesh';\nexport const x = PeerMesh;\n")).toEqual([]);
    expect(await ruleIds('src-web/media/x.ts', 'export const x = (): MediaDevices => navigator.mediaDevices;\n')).toEqual([]);
  });

  it('keeps the lower layers from importing browser code', async () => {
    expect(await ruleIds('src-shared/domain/x.ts', "import { playTones } from '../../src-web/media/sounds';\nexport const x = playTones;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-main/sync/x.ts', "import { playTones } from '../../src-web/media/sounds';\nexport const x = playTones;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('hub/src/x.ts', "import { playTones } from '../../src-web/media/sounds';\nexport const x = playTones;\n")).toContain(
      'no-restricted-imports',
    );
    expect(await ruleIds('src-renderer/src/x.ts', "import { playTones } from '../../src-web/media/sounds';\nexport const x = playTones;\n")).toEqual([]);
    expect(await ruleIds('src-renderer/src/x.ts', "import { el } from '../../hub/web/i18n/el';\nexport const x = el;\n")).toContain('no-restricted-imports');
  });

  it('keeps the hub apart from the app', async () => {
    expect(await ruleIds('hub/src/x.ts', "import { createApp } from '../../src-main/app/create-app';\nexport const x = createApp;\n")).toContain(
      'no-restricted-imports',
    );
  });
});
