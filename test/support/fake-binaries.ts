// For the tests of the binary finders: an executable stand-in, and PATH and the cache dir restored after each test.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function fakeBinary(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\necho fake\n');
  chmodSync(file, 0o755);
  return file;
}

/** Call at the top of a test file that changes PATH or XDG_CACHE_HOME. */
export function restoreToolEnvironment(): void {
  const saved = { PATH: process.env.PATH, XDG_CACHE_HOME: process.env.XDG_CACHE_HOME };
  afterEach(() => {
    process.env.PATH = saved.PATH;
    process.env.XDG_CACHE_HOME = saved.XDG_CACHE_HOME;
  });
}
