import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, loadMachineConfig } from '../../src-main/config/machine-config';
import { makeTempDir } from '../support/temp-dir';

let dir: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => dir.remove());

describe('machine configuration', () => {
  it('defaults to no hub', () => {
    expect(loadMachineConfig(dir.path, {})).toMatchObject({ hubUrl: null, workstationToken: null, syncIntervalSeconds: 300 });
  });

  it('layers the file, the environment and explicit overrides, later winning', () => {
    writeFileSync(join(dir.path, CONFIG_FILE), JSON.stringify({ hubUrl: 'https://hub.example/', syncIntervalSeconds: 60 }));
    const config = loadMachineConfig(dir.path, { KEP_HUB_TOKEN: 'x'.repeat(20) }, { syncRetrySeconds: 5 });
    expect(config).toMatchObject({ hubUrl: 'https://hub.example/', workstationToken: 'x'.repeat(20), syncIntervalSeconds: 60, syncRetrySeconds: 5 });
    expect(loadMachineConfig(dir.path, { KEP_HUB_URL: 'http://127.0.0.1:9' }).hubUrl).toBe('http://127.0.0.1:9');
  });

  it('refuses a hub reached in clear, other than on this computer, from the file and the environment', () => {
    writeFileSync(join(dir.path, CONFIG_FILE), JSON.stringify({ hubUrl: 'http://hub.kep.gov.gr' }));
    expect(() => loadMachineConfig(dir.path, {})).toThrow(/Configuration error in hubUrl: The hub address must start with https:\/\//);
    expect(() => loadMachineConfig(dir.path, { KEP_HUB_URL: 'https://hub.kep.gov.gr' })).not.toThrow();
    writeFileSync(join(dir.path, CONFIG_FILE), '{}');
    expect(() => loadMachineConfig(dir.path, { KEP_HUB_URL: 'http://localhost.evil.com:4300' })).toThrow(/must start with https:\/\//);
    expect(loadMachineConfig(dir.path, { KEP_HUB_URL: 'http://localhost:4300' }).hubUrl).toBe('http://localhost:4300');
  });

  it('explains what is wrong with a bad file', () => {
    writeFileSync(join(dir.path, CONFIG_FILE), '{ not json');
    expect(() => loadMachineConfig(dir.path, {})).toThrow(/not valid JSON/);
    writeFileSync(join(dir.path, CONFIG_FILE), JSON.stringify({ hubUrl: 'ftp://hub' }));
    expect(() => loadMachineConfig(dir.path, {})).toThrow(/hubUrl: Enter the hub address/);
    writeFileSync(join(dir.path, CONFIG_FILE), JSON.stringify({ workstationToken: 'short' }));
    expect(() => loadMachineConfig(dir.path, {})).toThrow(/workstationToken is too short/);
  });
});
