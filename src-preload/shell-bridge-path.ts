/** Where the browser shell's WebSocket bridge listens; shared by the bridge and its host. */
export const BRIDGE_PATH = '/__kep/bridge';
