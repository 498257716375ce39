import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('layering lint rules', () => {
  it('keeps Node, Electron and other layers out of src-shared', async () => {
    expect(await ruleIds('src-shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-shared/domain/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-shared/domain/x.ts', "import { createApp } from '../../src-main/app/create-app';\nexport const x = createApp;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-shared/domain/x.ts', "import { isValidAfm } from './afm';\nexport const x = isValidAfm;\n")).toEqual([]);
  });

  it('keeps main and Node out of the renderer', async () => {
    expect(await ruleIds('src-renderer/src/x.ts', "import { openAppDatabase } from '../../src-main/db/app-database';\nexport const x = openAppDatabase;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-renderer/src/x.ts', "import { join } from 'path';\nexport const x = join;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-renderer/src/x.ts', "import { isValidAfm } from '../../src-shared/domain/afm';\nexport const x = isValidAfm;\n")).toEqual([]);
  });

  it('keeps Electron inside src-main/electron', async () => {
    expect(await ruleIds('src-main/sync/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('src-main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });

  it('keeps the citizen page to browser code and the shared media layer', async () => {
    expect(await ruleIds('hub/web/x.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/x.tsx', "import { Server } from 'socket.io';\nexport const x = Server;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/x.tsx', "import { startHub } from '../src/server';\nexport const x = startHub;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/components/x.tsx', "import { App } from '../../../src-renderer/src/components/App';\nexport const x = App;\n")).toContain('no-restricted-imports');
    expect(await ruleIds('hub/web/components/x.tsx', "import { VideoTile } from '../../../src-renderer/src/media/VideoTile';\nexport const x = VideoTile;\n")).toEqual([]);
    expect(await ruleIds('hub/web/x.ts', "import { io } from 'socket.io-client';\nexport const x = io;\n")).toEqual([]);
  });

  it('keeps the hub apart from the app', async () => {
    expect(await ruleIds('hub/src/x.ts', "import { createApp } from '../../src-main/app/create-app';\nexport const x = createApp;\n")).toContain('no-restricted-imports');
  });
});
