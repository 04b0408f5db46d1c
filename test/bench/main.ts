// `npm run bench`: the benchmark of issue 9 — each figure beside a raw-Temporal (or raw-SQL) baseline
// measured in the same run on the same server. Options: `npm run bench -- --help`.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { parseOptions, USAGE } from './options';
import { notes, renderComparison, renderTable, rows } from './report';
import { runBench, type BenchResults } from './run-bench';
import { resolveTemporalCli, temporalCliVersion } from '../../worker/temporal-cli';
import { resolveTemporalServer, temporalServerVersion } from '../../worker/temporal-server-binaries';
import { ENGINE_LABEL, type Engine } from '../support/temporal-engine';

function commandLine(args: string[]): string {
  const quoted = args.map((a) => (/^[\w,.=/-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`));
  if (process.env.npm_lifecycle_event === 'bench')
    return ['npm run bench', ...(args.length ? ['--', ...quoted] : [])].join(' ');
  return [process.argv[0], ...process.argv.slice(1, 2), ...quoted].join(' ');
}

function postgresVersion(): string {
  const r = spawnSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-tAc', 'show server_version'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : 'unknown';
}

async function engineVersions(engines: Engine[]): Promise<string[]> {
  const out: string[] = [];
  for (const engine of engines) {
    if (engine === 'dev') {
      const cli = await resolveTemporalCli({ explicit: process.env.TEMPORAL_CLI });
      out.push(`${temporalCliVersion(cli.path).split('\n')[0]} dev server (sqlite)`);
    } else {
      const server = await resolveTemporalServer({ explicitDir: process.env.TEMPORAL_SERVER_BIN_DIR });
      out.push(
        `Temporal server ${temporalServerVersion(server.server).replace(/^temporal version /, '')} (Postgres persistence and visibility, 4 history shards)`,
      );
    }
  }
  return out;
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  let options;
  try {
    options = parseOptions(args);
  } catch (err) {
    process.stderr.write(
      `${(err as Error).message === USAGE ? '' : `bench: ${(err as Error).message}\n`}${USAGE}\n`,
    );
    return 2;
  }
  const started = Date.now();
  const loadBefore = os.loadavg();
  const log = (line: string) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  const results: Array<[Engine, BenchResults]> = [];
  for (const engine of options.engines) {
    log(`--- against the ${ENGINE_LABEL[engine]} ---`);
    results.push([engine, await runBench(options, log, engine)]);
  }
  const wall = (Date.now() - started) / 1000;
  const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
  const out = [
    '',
    `duban bench — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? 'cpu'}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ` +
      `Postgres ${postgresVersion()}; ${(await engineVersions(options.engines)).join('; ')}`,
    `command: ${commandLine(args)}${options.quick ? '   (quick mode: sizes are NOT the targets’ sizes)' : ''}`,
    `runs: median of ${options.runs} (P1 at 10,000: ${options.largeRuns}; P4: 1) · ${options.workers} task worker process${options.workers > 1 ? 'es' : ''} · load average before ${load(loadBefore)}, after ${load(os.loadavg())} · wall time ${Math.floor(wall / 60)} min ${Math.round(wall % 60)} s`,
  ];
  for (const [engine, r] of results) {
    out.push(
      '',
      ...(results.length > 1 ? [`against the ${ENGINE_LABEL[engine]}:`, ''] : []),
      renderTable(rows(r)),
      '',
      ...notes(r).map((n) => (n.startsWith('   ') ? n : `- ${n}`)),
    );
  }
  if (results.length > 1) {
    out.push('', 'side by side (duban, and its baseline, on each server):', '');
    out.push(renderComparison(results.map(([engine, r]) => [ENGINE_LABEL[engine], rows(r)])));
  }
  out.push('');
  process.stdout.write(out.join('\n'));
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
