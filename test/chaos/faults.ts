// The faults of the chaos year, placed on the plan calendar: SIGKILLs of worker processes, one Temporal restart,
// one Postgres restart and a stretch without SMTP. Deterministic for a seed; executed on the real clock.
import { chance } from '../../client/simulator/personas';
import { DAY_MS } from '../../workflows/clock';
import type { ClockSpec } from '../../workflows/domain';
import type { Cluster } from './cluster';
import { sleep } from './retry';

export type Fault =
  | { kind: 'kill'; slots: number[] }
  | { kind: 'restart-temporal' }
  | { kind: 'restart-postgres' }
  | { kind: 'smtp-down' }
  | { kind: 'smtp-up' };

export interface PlannedFault {
  /** Plan days after the clock's epoch. */
  day: number;
  fault: Fault;
}

export interface FaultRecord {
  day: number;
  /** Real instant the fault was injected. */
  at: number;
  kind: Fault['kind'];
  /** Real milliseconds the fault took to inject (a restart: down time). */
  tookMs: number;
  detail: string;
}

export interface FaultPlanOptions {
  kills: number;
  workers: number;
  /** Plan days (after the epoch) between which the kills are spread. */
  from: number;
  to: number;
  temporalDay: number;
  postgresDay: number;
  smtpDown: [number, number];
}

/** Kills spread over [from, to] with jitter, every fourth one taking all workers down at once. */
export function planFaults(seed: string, o: FaultPlanOptions): PlannedFault[] {
  const step = (o.to - o.from) / o.kills;
  const faults: PlannedFault[] = [];
  for (let i = 0; i < o.kills; i++) {
    const day = o.from + step * (i + 0.25 + 0.5 * chance(seed, `kill:${i}`));
    const all = i % 4 === 3 && o.workers > 1;
    const slots = all ? [...Array(o.workers).keys()] : [i % o.workers];
    faults.push({ day, fault: { kind: 'kill', slots } });
  }
  faults.push({ day: o.temporalDay, fault: { kind: 'restart-temporal' } });
  faults.push({ day: o.postgresDay, fault: { kind: 'restart-postgres' } });
  faults.push({ day: o.smtpDown[0], fault: { kind: 'smtp-down' } });
  faults.push({ day: o.smtpDown[1], fault: { kind: 'smtp-up' } });
  return faults.sort((a, b) => a.day - b.day);
}

/** Injects each fault when its plan day comes (real time); stops early at `until`. */
export async function injectFaults(
  cluster: Cluster,
  clock: ClockSpec,
  faults: PlannedFault[],
  until: number,
): Promise<FaultRecord[]> {
  const records: FaultRecord[] = [];
  const restartAfterMs = Math.max(300, DAY_MS / clock.speed);
  for (const { day, fault } of faults) {
    const at = clock.realEpochMs + (day * DAY_MS) / clock.speed;
    if (at > until) break;
    await sleep(Math.max(0, at - Date.now()));
    const started = Date.now();
    let detail = '';
    switch (fault.kind) {
      case 'kill': {
        // A slot that is still starting up is given a moment: a kill is only counted on a polling worker.
        const deadline = Date.now() + 5_000;
        const killed: number[] = [];
        for (const slot of fault.slots) {
          while (!cluster.fleet.readySlots().includes(slot) && Date.now() < deadline) await sleep(100);
          if (cluster.fleet.kill(slot, restartAfterMs)) killed.push(slot);
        }
        detail = `SIGKILL worker slot ${killed.join('+') || '(none ready)'}`;
        break;
      }
      case 'restart-temporal':
        await cluster.restartTemporal();
        detail = 'Temporal server stopped and started again (same ports, same state)';
        break;
      case 'restart-postgres':
        await cluster.restartPostgres();
        detail = 'Postgres stopped (fast shutdown) and started again (same port, same data dir)';
        break;
      case 'smtp-down':
        await cluster.smtpDown();
        detail = 'SMTP listener closed';
        break;
      case 'smtp-up':
        await cluster.smtpUp();
        detail = 'SMTP listener reopened on its port';
        break;
    }
    records.push({ day, at: started, kind: fault.kind, tookMs: Date.now() - started, detail });
  }
  return records;
}
