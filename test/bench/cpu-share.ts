// Who used the CPU during a phase: each of our processes, Postgres backends of the bench databases, and the
// rest of the machine. This is how a missed target is attributed (which process was busy), not guessed.
import { sql } from 'kysely';
import type { Db } from '../../db/connect';
import { cpuSeconds, machineBusySeconds } from './processes';

export interface CpuSnapshot {
  at: number;
  machine: number;
  procs: Map<string, number>;
}

export type PidSource = () => Promise<Record<string, number[]>>;

/** Postgres backend pids serving `databases`, for the `postgres` entry of a pid source. */
export async function postgresBackends(db: Db, databases: string[]): Promise<number[]> {
  const rows = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = any(${databases}::text[])`.execute(db);
  return rows.rows.map((r) => r.pid);
}

function safeCpu(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return NaN; // the process is gone (a pooled backend closed)
  }
}

export async function snapshot(pids: PidSource): Promise<CpuSnapshot> {
  const procs = new Map<string, number>();
  for (const [name, list] of Object.entries(await pids())) {
    for (const pid of list) procs.set(`${name}:${pid}`, safeCpu(pid));
  }
  return { at: Date.now(), machine: machineBusySeconds(), procs };
}

/** Average cores used per process group between two snapshots, plus the machine's total. */
export function coresBetween(a: CpuSnapshot, b: CpuSnapshot): Record<string, number> {
  const wall = (b.at - a.at) / 1000;
  const out: Record<string, number> = {};
  let ours = 0;
  for (const [key, end] of b.procs) {
    const start = a.procs.get(key);
    if (start === undefined || !Number.isFinite(start) || !Number.isFinite(end)) continue;
    const name = key.slice(0, key.indexOf(':'));
    out[name] = (out[name] ?? 0) + (end - start) / wall;
    ours += (end - start) / wall;
  }
  out.machine = (b.machine - a.machine) / wall;
  out.other = Math.max(0, out.machine - ours);
  return out;
}

/** "worker 0.95, temporal 0.61, …" in descending order. */
export function formatCores(cores: Record<string, number>): string {
  return Object.entries(cores)
    .filter(([k]) => k !== 'machine')
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ')
    .concat(` (machine ${(cores.machine ?? 0).toFixed(2)} of the cores)`);
}
