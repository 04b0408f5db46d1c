// `npm run test:under-load`: the suite and the chaos year on a machine kept busy. A CPU hog keeps every core at
// 100 % (one busy process per core, at normal priority) while `npm test` and then `npm run test:chaos` run; the
// verdicts must be the same as on a quiet machine. Prints each run's wall time and the chaos table's headline.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startCpuHog } from './cpu-hog';

interface Run {
  name: string;
  code: number | null;
  seconds: number;
  output: string;
}

/** Runs an npm script with output passed through (and kept, for the headline rows). */
function runScript(name: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const started = Date.now();
  const child = spawn('npm', ['run', '-s', name], {
    cwd: path.resolve(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => {
    output += b.toString('utf8');
    process.stdout.write(b);
  });
  child.stderr.on('data', (b: Buffer) => {
    output += b.toString('utf8');
    process.stderr.write(b);
  });
  return new Promise((resolve) =>
    child.once('exit', (code) => resolve({ name, code, seconds: (Date.now() - started) / 1000, output })),
  );
}

/** The lines of the chaos table worth quoting: title, pace, headline checks, wall time. */
function chaosHeadline(output: string): string[] {
  const wanted =
    /^chaos year|round trips|inputs applied exactly once|tasks in the state|escalations the inputs|workflows finished|due emails|keys delivered twice|workflow tasks failed|histories that fail replay|store errors|^wall time/;
  return output
    .split('\n')
    .filter((l) => wanted.test(l.trim()))
    .map((l) => l.trimEnd());
}

async function main(): Promise<void> {
  const procs = Number(process.env.DUBAN_HOG_PROCS || os.cpus().length);
  const hog = startCpuHog(procs);
  process.stderr.write(`under-load: ${procs} busy processes on ${os.cpus().length} cores\n`);
  const runs: Run[] = [];
  try {
    runs.push(await runScript('test'));
    runs.push(await runScript('test:chaos'));
  } finally {
    await hog.stop();
  }
  const lines = ['', `under load (${procs} busy processes on ${os.cpus().length} cores):`];
  for (const r of runs) {
    lines.push(
      `  ${r.name}: ${r.code === 0 ? 'green' : `RED (exit ${r.code})`} in ${r.seconds.toFixed(0)} s`,
    );
  }
  const jest = /^jest: .*$/m.exec(runs[0]?.output ?? '')?.[0];
  if (jest) lines.push(`  ${jest}`);
  lines.push(...chaosHeadline(runs[1]?.output ?? '').map((l) => `  ${l}`));
  const failed = runs.filter((r) => r.code !== 0).length;
  lines.push(`under-load: ${runs.length - failed} passed, ${failed} failed`);
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exit(failed ? 1 : 0);
}

main().catch((err: Error) => {
  process.stderr.write(`under-load: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
