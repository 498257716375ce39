import { request as httpRequest } from 'node:http';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';

/**
 * electron-updater's own HTTP client (its downloads and their sha512 check) with Node's http in
 * place of Electron's net, the one part of it that needs the Electron binary (STACK.md). Given to
 * a platform updater built with an app adapter, which otherwise has no HTTP client.
 */
export class NodeHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: Parameters<ElectronHttpExecutor['createRequest']>[0], callback: (response: unknown) => void) {
    // The executor uses only what both requests have (events, write, end, abort).
    return httpRequest(options, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
}
