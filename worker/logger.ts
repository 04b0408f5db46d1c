// Structured JSON log lines (pino), one logger per process, children per component.
import pino from 'pino';

export type Logger = pino.Logger;

/** Creates the process logger; `name` tags every line with the component. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
