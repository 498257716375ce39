import { setLogLevel } from '../../src-shared/log';

// Tests assert on behaviour, not on log lines; KEP_LOG_LEVEL=debug brings them back.
setLogLevel((process.env.KEP_LOG_LEVEL as 'debug' | undefined) ?? 'silent');
