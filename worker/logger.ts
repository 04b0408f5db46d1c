// Log lines (pino), one logger per process, children per component: JSON for machines (a file, a collector, a
// pipe), readable lines for a person watching a terminal.
import pino from 'pino';
import { prettyFactory } from 'pino-pretty';
import { redactSecrets } from './redact';

export type Logger = pino.Logger;
/** 'auto' is 'pretty' when standard output is a terminal, 'json' otherwise. */
export type LogFormat = 'auto' | 'json' | 'pretty';

/**
 * Creates the process logger; `name` tags every line with the component. Each line passes through
 * redactSecrets on its way out: a URL logged anywhere (a field, a message, an error's stack, a child's
 * bindings) leaves without its credentials, and no call site has to remember.
 */
export function createLogger(
  name: string,
  options: {
    level?: string;
    /** 'auto' decides by whether standard output is a terminal; a given destination is never one. */
    format?: LogFormat;
    destination?: pino.DestinationStream;
  } = {},
): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const format = options.format ?? (process.env.LOG_FORMAT as LogFormat | undefined) ?? 'auto';
  const destination = options.destination ?? pino.destination(process.stdout.fd || 1);
  const terminal = !options.destination && Boolean(process.stdout.isTTY);
  const pretty = format === 'pretty' || (format === 'auto' && terminal);
  // Synchronous, in this thread: a transport's worker thread could lose the last lines of a process that exits.
  const readable = pretty
    ? prettyFactory({
        colorize: terminal,
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      })
    : undefined;
  const redacting: pino.DestinationStream = {
    write: (line) => destination.write(readable ? readable(redactSecrets(line)) : redactSecrets(line)),
  };
  return pino(
    { name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime },
    redacting,
  );
}
