// Finds the Temporal server and its schema tool: TEMPORAL_SERVER_BIN_DIR → a cached build → `go install` into the
// cache. The names are those of Temporal's release archives, so an unpacked release works as the directory.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GO_DIRS, goInstall, isExecutable, onPath, toolCacheDir } from './go-install';

/** The server release built here; its schema tool carries the matching Postgres schema. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';

export interface ServerBinaries {
  server: string;
  sqlTool: string;
  source: 'TEMPORAL_SERVER_BIN_DIR' | 'cache' | 'built';
}

const SERVER = 'temporal-server';
const SQL_TOOL = 'temporal-sql-tool';

export function serverCacheDir(): string {
  return toolCacheDir('temporal-server', TEMPORAL_SERVER_VERSION);
}

function inDir(dir: string) {
  return { server: path.join(dir, SERVER), sqlTool: path.join(dir, SQL_TOOL) };
}

/** Returns the two binaries, building them once with Go (about five minutes) when nothing else is there. */
export async function resolveTemporalServer(
  options: { explicitDir?: string; log?: (line: string) => void; goDirs?: string[] } = {},
): Promise<ServerBinaries> {
  const log = options.log ?? (() => undefined);
  if (options.explicitDir) {
    const found = inDir(options.explicitDir);
    const missing = [found.server, found.sqlTool].filter((f) => !isExecutable(f));
    if (missing.length) {
      throw new Error(`TEMPORAL_SERVER_BIN_DIR: ${missing.join(' and ')} missing or not executable`);
    }
    return { ...found, source: 'TEMPORAL_SERVER_BIN_DIR' };
  }
  const cached = inDir(serverCacheDir());
  if (isExecutable(cached.server) && isExecutable(cached.sqlTool)) return { ...cached, source: 'cache' };
  const go = onPath('go', options.goDirs ?? GO_DIRS);
  if (!go) {
    throw new Error(
      'No Temporal server found and no Go toolchain to build one. Either install Go 1.23 or newer and run ' +
        'again, or unpack a Temporal server release (temporal-server and temporal-sql-tool) and set ' +
        'TEMPORAL_SERVER_BIN_DIR to its directory, or point TEMPORAL_ADDRESS at a running cluster.',
    );
  }
  log(
    `building the Temporal server ${TEMPORAL_SERVER_VERSION} with ${go} (first use on this machine; takes a few minutes)`,
  );
  await goInstall(
    go,
    [
      {
        module: `go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}`,
        built: 'server',
        name: SERVER,
      },
      {
        module: `go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`,
        built: 'sql',
        name: SQL_TOOL,
      },
    ],
    serverCacheDir(),
    log,
  );
  return { ...cached, source: 'built' };
}

/** The server's own version line, for logs and notes. */
export function temporalServerVersion(server: string): string {
  const r = spawnSync(server, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim();
}
