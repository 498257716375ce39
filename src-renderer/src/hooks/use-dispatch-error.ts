import { useCallback } from 'react';
import type { ErrorCode } from '../../../src-shared/errors';
import { type PlainMessageKey, useI18n } from '../i18n/i18n';
import { toErrorInfo } from '../kep';

/**
 * What a refused document or dispatch action says to the employee, in the UI's language: the
 * identity gate as such (its code is shared with a locked account), the common refusals in
 * words of their own, and otherwise the error's own text. Main's English reason goes to the log.
 */
export function useDispatchError(): (error: unknown, own?: Partial<Record<ErrorCode, PlainMessageKey>>) => string {
  const { t, errorText } = useI18n();
  return useCallback(
    (error, own = {}) => {
      const info = toErrorInfo(error);
      const key = own[info.code] ?? (info.code === 'locked' ? 'case.locked' : info.code === 'not_found' ? 'dispatch.error.notFound' : null);
      if (key) return t(key);
      if (info.code === 'invalid_input' || info.code === 'conflict') {
        console.warn(`Dispatch action refused (${info.code}): ${info.message}`);
        return t('dispatch.error.rejected');
      }
      return errorText(info);
    },
    [t, errorText],
  );
}
