// Failures of what the engine runs on, told apart from failures of the engine. The Temporal dev server keeps
// its state in sqlite; on an overloaded machine that store has been seen to fail for good ("UpdateShard failed.
// Failed to start transaction. Error: interrupted (9)", then "shard status unknown" for every call). A run in
// which that happened says so, with the server's own lines, instead of blaming the workflows.
import { existsSync, readFileSync } from 'node:fs';

/** Lines of the dev server's log that mean its persistence (sqlite) or its shard ownership failed. */
const STORE_FAILURE =
  /UpdateShard failed|Failed to start transaction|interrupted \(\d+\)|database is locked|SQLITE_(BUSY|LOCKED|INTERRUPT)|shard status unknown|ShardOwnershipLost/i;
/** A log line at error level or worse, in the server's JSON or text format. */
const ERROR_LEVEL = /"level":"(error|fatal|panic|dpanic)"|\blevel=(ERROR|FATAL|PANIC|DPANIC)\b/;

export interface InfrastructureFindings {
  /** Store failures, each as the server logged it (cut to 240 characters). */
  storeErrors: string[];
  /** Other error-level lines (the server logs many transient ones around a restart: informative only). */
  otherErrors: number;
}

export function infrastructureFindings(temporalLog: string): InfrastructureFindings {
  const found: InfrastructureFindings = { storeErrors: [], otherErrors: 0 };
  if (!existsSync(temporalLog)) return found;
  for (const line of readFileSync(temporalLog, 'utf8').split('\n')) {
    if (STORE_FAILURE.test(line)) found.storeErrors.push(line.slice(0, 240));
    else if (ERROR_LEVEL.test(line)) found.otherErrors += 1;
  }
  return found;
}
