// One typed, frozen configuration object, built from environment variables and validated at start.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import type { LogFormat } from './logger';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/duban';

export interface TaskWriteQuota {
  /** Writes one caller (token) may send to one task within the window. */
  perCaller: number;
  /** Writes all callers together may send to one task within the window. */
  perTask: number;
  windowMs: number;
}

/**
 * Writes to one task (its actions, start included) per caller and per task, within a window. A real office
 * never meets these: a department reports monthly, and even a clerk correcting a report, a resubmitted form
 * and the office reviewing and instructing send a handful of writes to one task in ten minutes; 30 is one
 * every 20 s for ten minutes straight, which only a script keeps up (the outside test sent 520 in 25 s).
 * 120 per task is four callers at their full quota together (the lead, a co-department, the office, the
 * leader) and room for a task with many co-departments all reporting on the due day; past it, one task takes
 * no more writes in ten minutes however many tokens write to it. Counted in each API process's memory.
 */
export const DEFAULT_TASK_WRITE_QUOTA: Readonly<TaskWriteQuota> = Object.freeze({
  perCaller: 30,
  perTask: 120,
  windowMs: 10 * 60_000,
});

const boolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const port = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be 1–65535')
  .max(65535, 'must be 1–65535');

/** A proxy fastify's trustProxy understands: an address, a CIDR range, or proxy-addr's names for ranges. */
const isProxy = (entry: string) => {
  const [address = '', bits, ...more] = entry.split('/');
  if (more.length) return false;
  if (bits === undefined)
    return isIP(address) !== 0 || ['loopback', 'linklocal', 'uniquelocal'].includes(address);
  const max = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : 0;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max && max > 0;
};

/** A whole number from 1 to `max`: a quota. */
const quota = (max: number) =>
  z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}`);

const proxies = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .refine((list) => list.every(isProxy), {
    message: 'must be a comma-separated list of IP addresses or CIDR ranges (e.g. 10.0.0.5,10.1.0.0/16)',
  });

const schema = z.object({
  DUBAN_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:/]+:\d+$/, 'must be host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).optional(),
  TEMPORAL_TLS: boolean.default(false),
  TEMPORAL_TLS_CERT: z.string().optional(),
  TEMPORAL_TLS_KEY: z.string().optional(),
  TEMPORAL_TLS_CA: z.string().optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_CLI: z.string().optional(),
  TEMPORAL_MAX_CACHED_WORKFLOWS: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be 0 (no cache) or more')
    .max(1_000_000, 'must be at most 1000000')
    // The SDK's default grows with the heap limit (2310 with 4 GiB): about 1 GB of RSS once that many tasks are
    // open. Tasks wake rarely, so a replay on wake costs less than keeping them all (npm run bench, P4).
    .default(100),
  // A directory for built workflow bundles ('off': bundle at every start); default ~/.cache/duban/workflow-bundles.
  DUBAN_WORKFLOW_BUNDLE_CACHE: z.string().min(1).optional(),
  TEMPORAL_DEV_PORT: port.default(7233),
  // What `duban up` starts when no server is given: the CLI's dev server (sqlite), or the real server on Postgres.
  DUBAN_TEMPORAL_ENGINE: z.enum(['dev', 'postgres'], { message: 'must be dev or postgres' }).default('dev'),
  TEMPORAL_SERVER_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  TEMPORAL_HISTORY_SHARDS: z.coerce
    .number({ message: 'must be a whole number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(16_384, 'must be at most 16384')
    .default(4),
  TEMPORAL_SERVER_BIN_DIR: z.string().min(1).optional(),
  TEMPORAL_UI_PORT: port.default(8233),
  DUBAN_SPEED: z.coerce
    .number({ message: 'must be a number (plan seconds per real second)' })
    .positive('must be greater than 0')
    .max(10_000_000, 'must be at most 10000000')
    .default(21_600),
  DUBAN_PLAN_START: z
    .string()
    .datetime({ offset: true, message: 'must be an ISO instant with offset' })
    .default('2023-01-01T00:00:00+08:00'),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(8080),
  DUBAN_PUBLIC_URL: z.string().url('must be a URL').optional(),
  DUBAN_TRUSTED_PROXIES: proxies.default([]),
  DUBAN_TASK_WRITE_QUOTA_CALLER: quota(1_000_000).default(DEFAULT_TASK_WRITE_QUOTA.perCaller),
  DUBAN_TASK_WRITE_QUOTA_TASK: quota(1_000_000).default(DEFAULT_TASK_WRITE_QUOTA.perTask),
  /** Seconds. */
  DUBAN_TASK_WRITE_QUOTA_WINDOW: quota(86_400).default(DEFAULT_TASK_WRITE_QUOTA.windowMs / 1000),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SMTP_TLS_REJECT_UNAUTHORIZED: boolean.default(true),
  MAIL_CATCHER_PORT: port.default(2525),
  // How often a worker's outbox dispatcher looks for mail written by other workers, or due for another try; mail
  // this worker writes is sent at once.
  MAIL_OUTBOX_POLL_MS: z.coerce
    .number({ message: 'must be a whole number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(50, 'must be at least 50')
    .max(600_000, 'must be at most 600000 (10 minutes)')
    .default(1_000),
  MAIL_FROM_ADDRESS: z.string().email('must be an email address').default('duban-office@example.org'),
  MAIL_FROM_NAME: z.string().min(1).default('南安市人民政府督查室'),
  DUBAN_SIMULATE: z
    .enum(['auto', 'true', 'false'], { message: 'must be auto, true or false' })
    .default('auto'),
  DUBAN_SIM_SEED: z.string().min(1).max(100).default('2023'),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { message: 'must be auto, json or pretty' }).default('auto'),
});

export type Config = Readonly<{
  dataDir: string;
  database: { url: string; explicit: boolean };
  temporal: {
    /** Where a running server is; undefined means: start the embedded dev server. */
    address: string | undefined;
    namespace: string;
    taskQueue: string | undefined;
    tls: { enabled: boolean; cert?: string; key?: string; ca?: string; serverName?: string };
    apiKey: string | undefined;
    cli: string | undefined;
    /** Workflows a worker keeps in memory (about 0.5 MB each); the others replay from history when woken. */
    maxCachedWorkflows: number;
    /** Where built workflow bundles are kept ('off': none); undefined: the per-user cache. */
    bundleCache: string | undefined;
    devPort: number;
    uiPort: number;
    /** The server `up` and `temporal-server` start when none is given. */
    engine: 'dev' | 'postgres';
    /** The Postgres-backed server: its persistence database (visibility: the same name + `_visibility`). */
    server: { databaseUrl: string; historyShards: number; binDir: string | undefined };
  };
  clock: { speed: number; planStart: string };
  http: {
    host: string;
    port: number;
    publicUrl: string;
    /** Reverse proxies whose X-Forwarded-For names the client; empty: the peer is the client. */
    trustedProxies: readonly string[];
    /** Writes to one task per caller and per task (all callers) within the window, counted per process. */
    taskWriteQuota: TaskWriteQuota;
  };
  mail: {
    smtpUrl: string | undefined;
    rejectUnauthorized: boolean;
    catcherPort: number;
    /** How often the outbox dispatcher looks for mail it was not told about. */
    outboxPollMs: number;
    from: { address: string; name: string };
  };
  logLevel: string;
  /** 'auto': readable lines when standard output is a terminal, JSON lines otherwise. */
  logFormat: LogFormat;
  /** Run the simulated departments with `up` ('auto': whenever the clock runs faster than real time). */
  simulate: boolean;
  simulatorSeed: string;
}>;

/** Another database on the server `url` names. */
function sameServer(url: string, database: string): string {
  const other = new URL(url);
  other.pathname = `/${database}`;
  return other.toString();
}

/** Thrown with one line per bad variable, so an operator fixes them all in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Builds the configuration from `env` (default: process.env); throws ConfigError naming every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.TEMPORAL_TLS_CERT && !e.TEMPORAL_TLS_KEY)
    problems.push('TEMPORAL_TLS_KEY: required with TEMPORAL_TLS_CERT');
  if (e.TEMPORAL_TLS_KEY && !e.TEMPORAL_TLS_CERT)
    problems.push('TEMPORAL_TLS_CERT: required with TEMPORAL_TLS_KEY');
  // A caller quota above the task's would never be reached: the operator meant something else.
  if (e.DUBAN_TASK_WRITE_QUOTA_CALLER > e.DUBAN_TASK_WRITE_QUOTA_TASK)
    problems.push(
      `DUBAN_TASK_WRITE_QUOTA_CALLER: must not exceed DUBAN_TASK_WRITE_QUOTA_TASK (${e.DUBAN_TASK_WRITE_QUOTA_TASK})`,
    );
  if (problems.length) throw new ConfigError(problems);
  const host = e.HTTP_HOST === '0.0.0.0' ? '127.0.0.1' : e.HTTP_HOST;
  return Object.freeze({
    dataDir: path.resolve(e.DUBAN_DATA_DIR),
    database: { url: e.DATABASE_URL ?? DEFAULT_DATABASE_URL, explicit: e.DATABASE_URL !== undefined },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: {
        enabled: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_TLS_CERT) || Boolean(e.TEMPORAL_API_KEY),
        cert: e.TEMPORAL_TLS_CERT,
        key: e.TEMPORAL_TLS_KEY,
        ca: e.TEMPORAL_TLS_CA,
        serverName: e.TEMPORAL_TLS_SERVER_NAME,
      },
      apiKey: e.TEMPORAL_API_KEY,
      cli: e.TEMPORAL_CLI,
      maxCachedWorkflows: e.TEMPORAL_MAX_CACHED_WORKFLOWS,
      bundleCache:
        e.DUBAN_WORKFLOW_BUNDLE_CACHE === undefined || e.DUBAN_WORKFLOW_BUNDLE_CACHE === 'off'
          ? e.DUBAN_WORKFLOW_BUNDLE_CACHE
          : path.resolve(e.DUBAN_WORKFLOW_BUNDLE_CACHE),
      devPort: e.TEMPORAL_DEV_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      engine: e.DUBAN_TEMPORAL_ENGINE,
      server: {
        databaseUrl:
          e.TEMPORAL_SERVER_DATABASE_URL ?? sameServer(e.DATABASE_URL ?? DEFAULT_DATABASE_URL, 'temporal'),
        historyShards: e.TEMPORAL_HISTORY_SHARDS,
        binDir: e.TEMPORAL_SERVER_BIN_DIR,
      },
    },
    clock: { speed: e.DUBAN_SPEED, planStart: e.DUBAN_PLAN_START },
    http: {
      host: e.HTTP_HOST,
      port: e.HTTP_PORT,
      publicUrl: e.DUBAN_PUBLIC_URL ?? `http://${host}:${e.HTTP_PORT}`,
      trustedProxies: Object.freeze(e.DUBAN_TRUSTED_PROXIES),
      taskWriteQuota: {
        perCaller: e.DUBAN_TASK_WRITE_QUOTA_CALLER,
        perTask: e.DUBAN_TASK_WRITE_QUOTA_TASK,
        windowMs: e.DUBAN_TASK_WRITE_QUOTA_WINDOW * 1000,
      },
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      rejectUnauthorized: e.SMTP_TLS_REJECT_UNAUTHORIZED,
      catcherPort: e.MAIL_CATCHER_PORT,
      outboxPollMs: e.MAIL_OUTBOX_POLL_MS,
      from: { address: e.MAIL_FROM_ADDRESS, name: e.MAIL_FROM_NAME },
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    simulate: e.DUBAN_SIMULATE === 'auto' ? e.DUBAN_SPEED > 1 : e.DUBAN_SIMULATE === 'true',
    simulatorSeed: e.DUBAN_SIM_SEED,
  });
}
