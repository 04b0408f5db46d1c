// Builds Go programs once per machine with `go install`, into a cache outside any clone: the Temporal CLI and
// the Temporal server are both found this way when nothing else provides them.
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The per-machine cache for one tool at one version, so every clone reuses one build. */
export function toolCacheDir(tool: string, version: string): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'duban', tool, version);
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` on PATH or in `extraDirs`. */
export function onPath(name: string, extraDirs: string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  return dirs.map((d) => path.join(d, name)).find(isExecutable);
}

/** Where Go is usually installed besides PATH. */
export const GO_DIRS = ['/usr/local/go/bin', path.join(os.homedir(), 'go', 'bin')];

export interface GoProgram {
  /** The package path with its version: `go.temporal.io/server/cmd/server@v1.29.1`. */
  module: string;
  /** The binary `go install` writes (the package's last path element). */
  built: string;
  /** The name it gets in the cache. */
  name: string;
}

/**
 * `go install` into a private directory, then an atomic rename of each binary into `dir`: concurrent builders
 * never see half a binary, and a failed build leaves nothing behind.
 */
export async function goInstall(
  go: string,
  programs: GoProgram[],
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const staging = path.join(dir, `.build-${process.pid}-${Date.now()}`);
  mkdirSync(staging, { recursive: true });
  const modules = programs.map((p) => p.module);
  const started = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', ...modules], {
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
        code === 0 ? resolve() : reject(new Error(`go install ${modules.join(' ')} exited with ${code}`)),
      );
    });
    for (const p of programs) {
      const built = path.join(staging, p.built);
      if (!existsSync(built)) throw new Error(`go install ${p.module} produced no binary`);
      renameSync(built, path.join(dir, p.name));
    }
    log(`built ${programs.map((p) => p.name).join(', ')} in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
