// Finds the Temporal CLI: TEMPORAL_CLI → `temporal` on PATH → a cached build → `go install` into the cache.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The newest CLI release that `go install` can still build (later ones use replace directives). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

/** The per-machine cache, outside any clone, so every clone reuses one build. */
export function cliCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'duban', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  return dirs.map((d) => path.join(d, name)).find(isExecutable);
}

export type CliSource = 'TEMPORAL_CLI' | 'PATH' | 'cache' | 'built';

/** Returns a usable `temporal` binary, building it once with Go when nothing else is there. */
export async function resolveTemporalCli(
  options: {
    explicit?: string;
    log?: (line: string) => void;
    /** Where Go may be installed besides PATH (tests pass [] to pretend there is none). */
    goDirs?: string[];
  } = {},
): Promise<{ path: string; source: CliSource }> {
  const log = options.log ?? (() => undefined);
  if (options.explicit) {
    if (!isExecutable(options.explicit)) {
      throw new Error(`TEMPORAL_CLI: ${options.explicit} does not exist or is not executable`);
    }
    return { path: options.explicit, source: 'TEMPORAL_CLI' };
  }
  const found = onPath('temporal');
  if (found) return { path: found, source: 'PATH' };
  const cached = path.join(cliCacheDir(), 'temporal');
  if (isExecutable(cached)) return { path: cached, source: 'cache' };

  const go = onPath('go', options.goDirs ?? ['/usr/local/go/bin', path.join(os.homedir(), 'go', 'bin')]);
  if (!go) {
    throw new Error(
      'No Temporal CLI found and no Go toolchain to build one. Either install Go 1.23 or newer ' +
        '(https://go.dev/dl/, or `apt-get install golang-go`) and run again, or install the Temporal CLI ' +
        '(https://docs.temporal.io/cli) and set TEMPORAL_CLI=/path/to/temporal, or point TEMPORAL_ADDRESS ' +
        'at a running Temporal server.',
    );
  }
  await buildWithGo(go, cached, log);
  return { path: cached, source: 'built' };
}

/** `go install` into a private directory, then an atomic rename: concurrent builders never see half a binary. */
async function buildWithGo(go: string, target: string, log: (line: string) => void): Promise<void> {
  const dir = path.dirname(target);
  mkdirSync(dir, { recursive: true });
  const staging = path.join(dir, `.build-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  log(
    `building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} (first run on this machine; takes a few minutes)`,
  );
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', MODULE], {
        env: {
          ...process.env,
          GOBIN: staging,
          GOFLAGS: '-mod=mod',
          CGO_ENABLED: process.env.CGO_ENABLED ?? '0',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`go install ${MODULE} exited with ${code}`)),
      );
    });
    const built = path.join(staging, 'temporal');
    if (!existsSync(built)) throw new Error(`go install ${MODULE} produced no binary`);
    renameSync(built, target);
    log(`built ${target} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The CLI's own version line, for logs and notes. */
export function temporalCliVersion(cli: string): string {
  const r = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim();
}
