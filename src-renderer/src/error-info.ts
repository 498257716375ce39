import { AppError, type ErrorInfo } from '../../src-shared/errors';

/** What a failed call threw, as the code (and reason) the UI shows and the message the log keeps. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof AppError) return error.toInfo();
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
