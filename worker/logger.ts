// Structured JSON log lines (pino), one logger per process, children per component.
import pino from 'pino';
import { redactSecrets } from './redact';

export type Logger = pino.Logger;

/**
 * Creates the process logger; `name` tags every line with the component. Each line passes through
 * redactSecrets on its way out: a URL logged anywhere (a field, a message, an error's stack, a child's
 * bindings) leaves without its credentials, and no call site has to remember.
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination: pino.DestinationStream = pino.destination(process.stdout.fd || 1),
): Logger {
  const redacting: pino.DestinationStream = { write: (line) => destination.write(redactSecrets(line)) };
  return pino(
    { name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    redacting,
  );
}
