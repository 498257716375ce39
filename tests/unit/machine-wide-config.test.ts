import { writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadMachineConfig } from '../../src-main/config/machine-config';
import { loadMachineWideConfig, machineWideConfigPath } from '../../src-main/config/machine-wide-config';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
let machineFile: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = makeTempDir();
  machineFile = join(dir.path, 'machine-wide.json');
  env = { KEP_MACHINE_CONFIG: machineFile };
});
afterEach(() => dir.remove());

const writeMachineWide = (config: unknown) => writeFileSync(machineFile, typeof config === 'string' ? config : JSON.stringify(config));
const writePerUser = (config: unknown) => writeFileSync(join(dir.path, CONFIG_FILE), JSON.stringify(config));

describe('machine-wide configuration', () => {
  it('lives in ProgramData on Windows and /etc elsewhere, unless KEP_MACHINE_CONFIG says otherwise', () => {
    expect(machineWideConfigPath({ ProgramData: 'D:\\ProgramData' }, 'win32')).toBe('D:\\ProgramData\\KEP Live Desk\\config.json');
    expect(machineWideConfigPath({}, 'win32')).toBe('C:\\ProgramData\\KEP Live Desk\\config.json');
    expect(machineWideConfigPath({}, 'linux')).toBe('/etc/kep-live-desk/config.json');
    expect(machineWideConfigPath({ KEP_MACHINE_CONFIG: '/srv/kep.json' }, 'win32')).toBe('/srv/kep.json');
  });

  it('is empty when IT deployed none', () => {
    expect(loadMachineWideConfig(env)).toEqual({});
    expect(loadMachineConfig(dir.path, env)).toMatchObject({ hubUrl: null, syncIntervalSeconds: 300 });
  });

  it('gives the defaults that each user’s config.json may override', () => {
    writeMachineWide({ hubUrl: 'https://hub.kep.gov.gr', syncIntervalSeconds: 120, retentionDays: 5 });
    expect(loadMachineConfig(dir.path, env)).toMatchObject({
      hubUrl: 'https://hub.kep.gov.gr',
      syncIntervalSeconds: 120,
      retentionDays: 5,
      syncRetrySeconds: 15,
    });
    writePerUser({ syncIntervalSeconds: 60 });
    expect(loadMachineConfig(dir.path, env)).toMatchObject({ hubUrl: 'https://hub.kep.gov.gr', syncIntervalSeconds: 60, retentionDays: 5 });
  });

  it('keeps locked keys whatever the user’s file or environment says', () => {
    writeMachineWide({ hubUrl: 'https://hub.kep.gov.gr', retentionDays: 2, locked: ['hubUrl', 'retentionDays'] });
    writePerUser({ hubUrl: 'https://elsewhere.example', retentionDays: 30, syncIntervalSeconds: 60 });
    const config = loadMachineConfig(dir.path, { ...env, KEP_HUB_URL: 'https://other.example' });
    expect(config).toMatchObject({ hubUrl: 'https://hub.kep.gov.gr', retentionDays: 2, syncIntervalSeconds: 60 });
  });

  it('puts the data folder where IT says, with {user} for the account', () => {
    writeMachineWide({ dataDir: '/srv/kep/{user}/data' });
    expect(loadMachineWideConfig(env).dataDir).toBe(`/srv/kep/${userInfo().username}/data`);
  });

  it('names the file and the key of what is wrong', () => {
    writeMachineWide('{ not json');
    expect(() => loadMachineWideConfig(env)).toThrow(`The configuration file ${machineFile} is not valid JSON.`);
    writeMachineWide({ hubUrl: 'http://hub.kep.gov.gr' });
    expect(() => loadMachineWideConfig(env)).toThrow(`${machineFile}: Configuration error in hubUrl: The hub address must start with https://`);
    expect(() => loadMachineConfig(dir.path, env)).toThrow(machineFile);
    writeMachineWide({ hubURL: 'https://hub.kep.gov.gr' });
    expect(() => loadMachineWideConfig(env)).toThrow(`${machineFile}: Configuration error in hubURL: Unrecognized key: "hubURL"`);
    writeMachineWide({ syncIntervalSeconds: 1 });
    expect(() => loadMachineWideConfig(env)).toThrow(`${machineFile}: Configuration error in syncIntervalSeconds:`);
    writeMachineWide({ dataDir: 'relative/dir' });
    expect(() => loadMachineWideConfig(env)).toThrow(`${machineFile}: Configuration error in dataDir: dataDir must be an absolute path`);
    writeMachineWide({ locked: ['hubUrl'] });
    expect(() => loadMachineWideConfig(env)).toThrow(`${machineFile}: Configuration error in locked.0: hubUrl is locked but has no value in this file`);
    writeMachineWide({ locked: ['dataDir'] });
    expect(() => loadMachineWideConfig(env)).toThrow(`${machineFile}: Configuration error in locked.0:`);
  });

  it('blames the user’s file, by name, for a bad value it set', () => {
    writeMachineWide({ hubUrl: 'https://hub.kep.gov.gr' });
    writePerUser({ syncRetrySeconds: 0 });
    expect(() => loadMachineConfig(dir.path, env)).toThrow(`${join(dir.path, CONFIG_FILE)}: Configuration error in syncRetrySeconds:`);
    writePerUser(['not', 'an', 'object']);
    expect(() => loadMachineConfig(dir.path, env)).toThrow(`${join(dir.path, CONFIG_FILE)}: Configuration error in`);
  });
});
