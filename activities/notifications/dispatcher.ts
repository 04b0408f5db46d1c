// The outbox dispatcher: a loop in each worker process that sends the outbox rows written beside the read model.
//
// Why not an activity per message: an escalation or an assignment notice is decided by the workflow and written
// in the same transaction as the event that calls for it (record-transitions.ts). An activity to send it would
// cost the workflow an activity task and a second workflow task for every notice (a third of a new task's cost
// at start), and its retries would live in the history. Here the row is the promise: once the transaction
// commits, some worker's dispatcher leases the row (rows another worker holds are skipped, never waited for),
// hands it to SMTP and records the answer; a failed try waits 1 s, doubling to 5 min, as the activity did; a
// worker that dies mid-send leaves a lease that runs out, and another dispatcher sends the row again with the
// same Message-ID (at least once, as before: SMTP gives no way to ask whether a message arrived).
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect';
import type { NotificationRow } from '../../db/schema';
import type { Mailer } from './mailer';
import { claimDue } from './outbox';
import { sendLeased } from './send-notification';

export interface DispatcherOptions {
  /** How often to look for due rows when nothing wakes the loop (rows written by other processes, retries). */
  pollMs: number;
  /** Rows leased and sent at a time. */
  batch: number;
  log?: {
    warn(obj: object, msg: string): void;
  };
}

export const DEFAULT_DISPATCHER_OPTIONS: DispatcherOptions = { pollMs: 1_000, batch: 8 };

export interface OutboxDispatcher {
  /** Something was written: look now rather than at the next poll. */
  wake(): void;
  /** Stops looking; resolves once the messages in hand are settled. */
  stop(): Promise<void>;
}

/** The wait before try `attempts + 1`: 1 s after the first failure, doubling, at most 5 min. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 300);
}

export function startOutboxDispatcher(
  deps: { db: Db; mailer: Mailer },
  options: Partial<DispatcherOptions> = {},
): OutboxDispatcher {
  const pollMs = options.pollMs ?? DEFAULT_DISPATCHER_OPTIONS.pollMs;
  const batch = options.batch ?? DEFAULT_DISPATCHER_OPTIONS.batch;
  const { log } = options;
  let running = true;
  let woken = false;
  let interrupt: (() => void) | undefined;

  const send = async (row: NotificationRow, claimant: string) => {
    try {
      await sendLeased(deps, row, claimant, retryDelaySeconds(row.attempts));
    } catch (err) {
      // Back to pending with the error and its next try on record (sendLeased): nothing else to do here.
      log?.warn({ key: row.key, attempts: row.attempts, err: String(err) }, 'outbox message not sent yet');
    }
  };

  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, pollMs);
      function done() {
        clearTimeout(timer);
        interrupt = undefined;
        resolve();
      }
      interrupt = done;
    });

  const loop = (async () => {
    while (running) {
      woken = false;
      let claimed: NotificationRow[] = [];
      const claimant = randomUUID();
      try {
        claimed = await claimDue(deps.db, claimant, batch);
      } catch (err) {
        // The database is away (a restart, a failover): the rows wait in it; try again at the next poll.
        log?.warn({ err: String(err) }, 'outbox dispatcher could not read the outbox');
      }
      await Promise.all(claimed.map((row) => send(row, claimant)));
      // A full batch may have more behind it; a wake during the batch means a new row.
      if (claimed.length === batch || woken) continue;
      if (running) await pause();
    }
  })();

  return {
    wake() {
      woken = true;
      interrupt?.();
    },
    async stop() {
      running = false;
      interrupt?.();
      await loop;
    },
  };
}
