// The bundled workflow code, built once per version of the code and kept on disk. Bundling runs webpack: seconds
// of both cores on a 2-core machine, at every worker start — after a crash, a deploy or a kill, exactly when the
// other workers are catching up. A worker that finds the bundle of its exact code loads it instead.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, type Logger, type WorkflowBundle } from '@temporalio/worker';

/** The workflows' entry point, and its directory (everything a bundle is built from, besides the SDK). */
const WORKFLOWS_ENTRY = require.resolve('../workflows');
export const WORKFLOWS_DIR = path.dirname(WORKFLOWS_ENTRY);
/** Bundles kept per cache directory, newest first (one per version of the code that ran here). */
const KEEP = 8;

/** Where bundles are kept unless DUBAN_WORKFLOW_BUNDLE_CACHE says otherwise ('off': never kept). */
export function defaultBundleCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'duban', 'workflow-bundles');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => /\.[cm]?[jt]s$/.test(f))
    .sort();
}

const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

/**
 * What the bundle depends on: every workflow source file (path and content), the SDK packages that go into it
 * or build it, and where the code lives (its source map names these files).
 */
export function bundleKey(dir = WORKFLOWS_DIR): string {
  const hash = createHash('sha256');
  hash.update(`dir ${dir}\n`);
  for (const pkg of ['@temporalio/workflow', '@temporalio/common', '@temporalio/worker'])
    hash.update(`${pkg} ${versionOf(pkg)}\n`);
  for (const file of sourceFiles(dir)) {
    hash.update(`${path.relative(dir, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 32);
}

export interface BundleOutcome {
  bundle: WorkflowBundle;
  source: 'cache' | 'built';
  file?: string;
  ms: number;
}

/**
 * The workflow bundle for the code as it is now: from `cacheDir` when a bundle of this exact code is there, else
 * built (and kept there for the next start; a cache that cannot be written only costs the next start a build).
 */
export async function loadWorkflowBundle(options: {
  cacheDir?: string;
  logger?: Logger;
}): Promise<BundleOutcome> {
  const started = Date.now();
  const cacheDir = options.cacheDir === 'off' ? undefined : (options.cacheDir ?? defaultBundleCacheDir());
  const file = cacheDir ? path.join(cacheDir, `workflows-${bundleKey()}.js`) : undefined;
  if (file) {
    try {
      return {
        bundle: { code: readFileSync(file, 'utf8') },
        source: 'cache',
        file,
        ms: Date.now() - started,
      };
    } catch {
      // Not built yet for this code.
    }
  }
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, logger: options.logger });
  if (file) {
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      // Written aside, then renamed: a worker starting meanwhile never reads half a bundle.
      const staging = `${file}.${process.pid}.tmp`;
      writeFileSync(staging, code);
      renameSync(staging, file);
      prune(path.dirname(file));
    } catch (err) {
      options.logger?.warn(`workflow bundle not kept in ${cacheDir}: ${(err as Error).message}`);
    }
  }
  return { bundle: { code }, source: 'built', file, ms: Date.now() - started };
}

/** Removes all but the newest KEEP bundles. */
function prune(dir: string): void {
  const bundles = readdirSync(dir)
    .filter((f) => /^workflows-[0-9a-f]+\.js$/.test(f))
    .map((f) => ({ file: path.join(dir, f), at: statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const old of bundles.slice(KEEP)) rmSync(old.file, { force: true });
}
