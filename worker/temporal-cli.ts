// Finds the Temporal CLI: TEMPORAL_CLI → `temporal` on PATH → a cached build → `go install` into the cache.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { GO_DIRS, goInstall, isExecutable, onPath, toolCacheDir } from './go-install';

/** The newest CLI release that `go install` can still build (later ones use replace directives). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

/** The per-machine cache, outside any clone, so every clone reuses one build. */
export function cliCacheDir(): string {
  return toolCacheDir('temporal-cli', TEMPORAL_CLI_VERSION);
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

  const go = onPath('go', options.goDirs ?? GO_DIRS);
  if (!go) {
    throw new Error(
      'No Temporal CLI found and no Go toolchain to build one. Either install Go 1.23 or newer ' +
        '(https://go.dev/dl/, or `apt-get install golang-go`) and run again, or install the Temporal CLI ' +
        '(https://docs.temporal.io/cli) and set TEMPORAL_CLI=/path/to/temporal, or point TEMPORAL_ADDRESS ' +
        'at a running Temporal server.',
    );
  }
  log(
    `building the Temporal CLI ${TEMPORAL_CLI_VERSION} with ${go} (first run on this machine; takes a few minutes)`,
  );
  await goInstall(go, [{ module: MODULE, built: 'temporal', name: 'temporal' }], cliCacheDir(), log);
  return { path: cached, source: 'built' };
}

/** The CLI's own version line, for logs and notes. */
export function temporalCliVersion(cli: string): string {
  const r = spawnSync(cli, ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr || '').trim();
}
