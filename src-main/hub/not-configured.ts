import type { ErrorInfo } from '../../src-shared/errors';

/** What the desk answers while it has no hub credential. */
export const NOT_CONFIGURED: ErrorInfo = {
  code: 'not_configured',
  message: 'No hub is configured for this workstation. Ask IT to enrol it.',
};
