import pino from 'pino';

/**
 * Structured JSON logs, to stdout or to AIDLOOP_LOG_FILE. Request bodies and
 * query parameters are never logged; any field that could carry an ID number
 * is redacted as a second line of defence (SPEC §7: personal data stays out of
 * logs).
 */
const file = process.env.AIDLOOP_LOG_FILE;

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    redact: { paths: ['idNumber', '*.idNumber', 'body', '*.body', 'params', '*.params'], censor: '[redacted]' },
  },
  file ? pino.destination({ dest: file, sync: true, mkdir: true }) : undefined,
);
