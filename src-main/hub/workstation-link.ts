import { HUB_ADDRESS_MESSAGES, hubAddressProblem } from '../../src-shared/domain/hub-address';
import { AppError } from '../../src-shared/errors';
import { createLogger } from '../../src-shared/log';
import type { MachineConfig } from '../config/machine-config';
import { WORKSTATION_CREDENTIAL, type WorkstationCredential, workstationCredentialSchema } from './credential-store';
import { HubApiClient } from './hub-api-client';
import { type OsCipher, SecretFile } from './secret-file';

const log = createLogger('workstation-link');

export interface HubEndpoint {
  hubUrl: string;
  token: string;
  source: 'config' | 'enrolment';
  workstationId: string | null;
}

/**
 * This workstation's tie to its hub: the credential IT set in the configuration, or the one
 * enrolment stored (OS-encrypted where possible). The token never leaves main.
 */
export class WorkstationLink {
  private readonly credentials;
  private cached: { key: string; client: HubApiClient } | null = null;

  constructor(
    private readonly config: MachineConfig,
    dataDir: string,
    cipher: OsCipher | null,
  ) {
    this.credentials = new SecretFile(dataDir, WORKSTATION_CREDENTIAL, workstationCredentialSchema, cipher);
  }

  endpoint(): HubEndpoint | null {
    const { hubUrl, workstationToken } = this.config;
    if (hubUrl && workstationToken) return { hubUrl, token: workstationToken, source: 'config', workstationId: null };
    const stored = this.credentials.load();
    return stored ? { hubUrl: stored.hubUrl, token: stored.token, source: 'enrolment', workstationId: stored.workstationId } : null;
  }

  protection(): 'os' | 'file' | 'config' | null {
    const endpoint = this.endpoint();
    if (!endpoint) return null;
    return endpoint.source === 'config' ? 'config' : this.credentials.protection;
  }

  /** The hub client for the current credential, or null before enrolment. */
  client(): HubApiClient | null {
    const endpoint = this.endpoint();
    if (!endpoint) return null;
    const key = `${endpoint.hubUrl}\n${endpoint.token}`;
    if (this.cached?.key !== key) this.cached = { key, client: new HubApiClient({ baseUrl: endpoint.hubUrl, token: endpoint.token }) };
    return this.cached.client;
  }

  /** Trades a one-time enrolment code for this workstation's credential and keeps it. */
  async enrol(hubUrl: string, code: string, label: string): Promise<WorkstationCredential> {
    if (this.config.hubUrl && this.config.workstationToken) {
      throw new AppError('conflict', 'This workstation’s hub is set in its configuration file; change it there.', { reason: 'workstation.hub_in_config' });
    }
    // The code, and later the credential, would cross the network in clear: refused whoever calls.
    const problem = hubAddressProblem(hubUrl);
    if (problem) throw new AppError('invalid_input', HUB_ADDRESS_MESSAGES[problem]);
    const response = await new HubApiClient({ baseUrl: hubUrl, token: null }).enrol(code, label);
    const credential: WorkstationCredential = {
      hubUrl: hubUrl.replace(/\/+$/, ''),
      workstationId: response.workstationId,
      kep: response.kep,
      token: response.workstationToken,
      enrolledAt: new Date().toISOString(),
    };
    this.credentials.save(credential);
    log.info('enrolled', { hubUrl: credential.hubUrl, kep: credential.kep.id, protection: this.credentials.protection });
    return credential;
  }
}
