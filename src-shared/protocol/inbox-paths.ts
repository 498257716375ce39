/**
 * Where the citizen's inbox lives under the hub's API prefix. Apart from the schemas, so the
 * citizen's page can use them without bundling the schema library.
 */
export const INBOX_PATH = '/inbox';
export const inboxDocumentPath = (dispatchId: string, index: number): string => `${INBOX_PATH}/documents/${dispatchId}/${index}`;
