// What the engine must hold after the chaos year whatever the inputs were: the read model equal to the
// workflows, every due email delivered exactly once, no failed workflow task, no unhandled error.
import { storedView } from '../../db/task-view';
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { messageIdFor } from '../../activities/notifications/message-id';
import type { Db } from '../../db/connect';
import type { TaskState } from '../../workflows/domain';
import { replayFailures } from '../support/replay';
import type { TrailEvent } from './expected';
import type { SunkMail } from './mail-sink';
import type { WorkerExit } from './worker-fleet';

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

/** The tasks row, its trail, checkpoints, reports and escalations against the workflow's final state. */
export async function readModelProblems(
  db: Db,
  final: TaskState,
  queried: TaskState | undefined,
  trail: TrailEvent[],
): Promise<string[]> {
  const id = final.taskId;
  const problems: string[] = [];
  const row = await db
    .selectFrom('tasks')
    .select(['status', 'light', 'level', 'seq', 'state', 'view'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const columns = { status: row.status, light: row.light, level: row.level, seq: row.seq };
  const expected = { status: final.status, light: final.light, level: final.level, seq: final.seq };
  if (!isDeepStrictEqual(columns, expected))
    problems.push(`${id}: row ${JSON.stringify(columns)} ≠ workflow ${JSON.stringify(expected)}`);
  if (!isDeepStrictEqual(row.state, plain(final))) {
    const keys = Object.keys(final).filter(
      (k) =>
        !isDeepStrictEqual(
          (row.state as Record<string, unknown> | null)?.[k],
          plain(final[k as keyof TaskState]),
        ),
    );
    problems.push(`${id}: state snapshot differs from the workflow's in ${keys.join(', ')}`);
  }
  // Readers read the public view: it must be the view of the final state.
  if (!isDeepStrictEqual(row.view, plain(storedView(final))))
    problems.push(`${id}: the stored view is not the view of the workflow's final state`);
  if (queried && !isDeepStrictEqual(plain(queried), plain(final)))
    problems.push(`${id}: getState ≠ workflow result`);
  if (trail.map((e) => e.seq).join() !== Array.from({ length: final.seq }, (_, i) => i + 1).join()) {
    problems.push(`${id}: trail has ${trail.length} events for seq ${final.seq}`);
  }
  const checkpoints = await db
    .selectFrom('checkpoints')
    .select(['period', 'status', 'due_at'])
    .where('task_id', '=', id)
    .orderBy('due_at')
    .orderBy('period')
    .execute();
  const cpRows = checkpoints.map((c) => `${c.period}:${c.status}:${c.due_at.getTime()}`).join();
  const cpState = [...final.checkpoints]
    .sort((a, b) => a.dueAt - b.dueAt || a.period.localeCompare(b.period))
    .map((c) => `${c.period}:${c.status}:${c.dueAt}`)
    .join();
  if (cpRows !== cpState) problems.push(`${id}: checkpoints rows ≠ state`);
  const reports = await db
    .selectFrom('progress_reports')
    .select('request_id')
    .where('task_id', '=', id)
    .execute();
  if (
    reports
      .map((r) => r.request_id)
      .sort()
      .join() !==
    final.reports
      .map((r) => r.requestId)
      .sort()
      .join()
  ) {
    problems.push(`${id}: ${reports.length} report rows, ${final.reports.length} in state`);
  }
  const escalations = await db.selectFrom('escalations').select('key').where('task_id', '=', id).execute();
  if (
    escalations
      .map((x) => x.key)
      .sort()
      .join() !==
    final.escalations
      .map((x) => x.key)
      .sort()
      .join()
  ) {
    problems.push(`${id}: ${escalations.length} escalation rows, ${final.escalations.length} in state`);
  }
  return problems;
}

/** Every email key the workflow asked for: assignment, escalations, review and extension decisions, 销号, 撤销. */
export function dueMailKeys(final: TaskState, trail: TrailEvent[]): string[] {
  const wf = final.workflowId;
  const keys = [`${wf}:assign:-:0`, ...final.escalations.map((x) => x.key)];
  for (const ev of trail) {
    if (ev.type === 'completion_rejected') keys.push(`${wf}:reject:${ev.seq}:0`);
    if (ev.type === 'extension_approved' || ev.type === 'extension_rejected')
      keys.push(`${wf}:extension:${ev.seq}:0`);
    if (ev.type === 'completion_approved') keys.push(`${wf}:complete:-:0`);
    if (ev.type === 'cancelled') keys.push(`${wf}:cancel:-:0`);
  }
  return keys;
}

export interface MailFindings {
  due: number;
  outboxSent: number;
  delivered: number;
  /** Keys delivered more than once, but for those in `killWindow`. */
  duplicates: number;
  /**
   * Keys delivered twice whose first copy was accepted around the instant a worker was SIGKILLed: it died between
   * the SMTP server's 250 and the outbox update, and the attempt after the lease sent it again, with the same
   * Message-ID. At-least-once delivery: no SMTP sender can close that window, so it is counted apart.
   */
  killWindow: string[];
  unexpected: number;
  problems: string[];
}

/**
 * How long after an accepted message a SIGKILL still counts as falling between the 250 and the outbox update,
 * on the reference machine; a slower or busier machine widens it by its slowdown (pace.ts).
 */
const KILL_WINDOW_MS = 2_000;
/**
 * How long before the sink's timestamp a SIGKILL may come and still have cut the same window. The sink stamps a
 * message on this process's event loop, busy with hundreds of drivers: a message whose last line was on the
 * socket when its sender was killed is read, stamped and answered (250, to a closed socket) later than that.
 */
const SINK_LAG_MS = 2_000;

/** Due keys against the outbox and against what the SMTP listener received (X-Duban-Key, Message-ID). */
export async function mailFindings(
  db: Db,
  due: string[],
  received: SunkMail[],
  from: string,
  killedAt: number[],
  slowdown = 1,
): Promise<MailFindings> {
  const problems: string[] = [];
  const outbox = new Map(
    (await db.selectFrom('notifications').select(['key', 'status', 'last_error']).execute()).map((r) => [
      r.key,
      r,
    ]),
  );
  const counts = new Map<string, number>();
  for (const mail of received) {
    counts.set(mail.key, (counts.get(mail.key) ?? 0) + 1);
    if (mail.messageId !== messageIdFor(mail.key, from))
      problems.push(`${mail.key}: Message-ID ${mail.messageId}`);
  }
  const dueSet = new Set(due);
  let outboxSent = 0;
  let delivered = 0;
  for (const key of dueSet) {
    const row = outbox.get(key);
    if (row?.status === 'sent') outboxSent += 1;
    else problems.push(`${key}: outbox ${row ? `${row.status} (${row.last_error ?? ''})` : 'has no row'}`);
    if (counts.has(key)) delivered += 1;
    else problems.push(`${key}: never reached the SMTP listener`);
  }
  const killWindow: string[] = [];
  const duplicates = [...counts].filter(([key, n]) => {
    if (n < 2) return false;
    const first = Math.min(...received.filter((m) => m.key === key).map((m) => m.at));
    const kill = killedAt.find(
      (k) => k >= first - SINK_LAG_MS * slowdown && k <= first + KILL_WINDOW_MS * slowdown,
    );
    if (n === 2 && kill !== undefined) {
      const when = kill >= first ? `${kill - first} ms after` : `${first - kill} ms before`;
      killWindow.push(`${key} (worker SIGKILLed ${when} the sink stamped the first copy)`);
      return false;
    }
    problems.push(`${key}: delivered ${n} times`);
    return true;
  });
  const unexpected = [...new Set([...counts.keys(), ...outbox.keys()])].filter((k) => !dueSet.has(k));
  for (const key of unexpected) problems.push(`${key}: sent or queued but no workflow asked for it`);
  return {
    due: dueSet.size,
    outboxSent,
    delivered,
    duplicates: duplicates.length,
    killWindow,
    unexpected: unexpected.length,
    problems,
  };
}

export interface HistoryFindings {
  runs: number;
  /** History events over all runs. */
  events: number;
  byStatus: Record<string, number>;
  workflowTaskFailed: Record<string, number>;
  workflowTaskTimedOut: number;
  activityRetries: number;
  replayFailures: string[];
  /** Every workflow task: when it started (server time) and how long it ran until completed, failed or timed out. */
  workflowTasks: Array<{ workflowId: string; startedAt: number; ms: number }>;
  /** Workflow tasks after a run's first: on the sticky queue (the worker had the workflow cached) or not. */
  sticky: { hits: number; misses: number };
}

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

/**
 * Every run of the engine's task queue (not the pace probe's no-ops): its status, failed workflow tasks by cause,
 * and a replay with the current code.
 */
export async function historyFindings(client: Client, taskQueue: string): Promise<HistoryFindings> {
  const found: HistoryFindings = {
    runs: 0,
    events: 0,
    byStatus: {},
    workflowTaskFailed: {},
    workflowTaskTimedOut: 0,
    activityRetries: 0,
    replayFailures: [],
    workflowTasks: [],
    sticky: { hits: 0, misses: 0 },
  };
  const histories: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }> = [];
  for await (const info of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    found.runs += 1;
    found.byStatus[info.status.name] = (found.byStatus[info.status.name] ?? 0) + 1;
    const history = await client.workflow.getHandle(info.workflowId, info.runId).fetchHistory();
    histories.push({ workflowId: `${info.workflowId}/${info.runId}`, history });
    found.events += history.events?.length ?? 0;
    taskFigures(found, `${info.workflowId}/${info.runId}`, history.events ?? []);
    for (const ev of history.events ?? []) {
      if (ev.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
        const cause = WorkflowTaskFailedCause[ev.workflowTaskFailedEventAttributes?.cause ?? 0] ?? '?';
        found.workflowTaskFailed[cause] = (found.workflowTaskFailed[cause] ?? 0) + 1;
      }
      if (ev.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) found.workflowTaskTimedOut += 1;
      if (ev.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) {
        found.activityRetries += Math.max(0, (ev.activityTaskStartedEventAttributes?.attempt ?? 1) - 1);
      }
    }
  }
  for (const r of await replayFailures(histories)) found.replayFailures.push(`${r.workflowId}: ${r.error}`);
  return found;
}

const eventMs = (e: temporal.api.history.v1.IHistoryEvent) =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

/** Workflow-task durations (started → completed, failed or timed out) and sticky-queue use of one history. */
function taskFigures(
  found: HistoryFindings,
  workflowId: string,
  events: temporal.api.history.v1.IHistoryEvent[],
) {
  const started = new Map<string, number>();
  let scheduled = 0;
  for (const e of events) {
    switch (e.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED: {
        scheduled += 1;
        if (scheduled === 1) break;
        const kind = e.workflowTaskScheduledEventAttributes?.taskQueue?.kind;
        if (kind === temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_STICKY) found.sticky.hits += 1;
        else found.sticky.misses += 1;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        started.set(String(e.eventId), eventMs(e));
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
      case EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT: {
        const a =
          e.workflowTaskCompletedEventAttributes ??
          e.workflowTaskFailedEventAttributes ??
          e.workflowTaskTimedOutEventAttributes;
        const at = started.get(String(a?.startedEventId ?? ''));
        if (at !== undefined) found.workflowTasks.push({ workflowId, startedAt: at, ms: eventMs(e) - at });
        break;
      }
    }
  }
}

export interface LogFindings {
  lines: number;
  /** Error-level lines and anything not JSON (a crash trace), but for the two kinds below. */
  errors: string[];
  /** The SDK's own notes that it keeps retrying a call to a Temporal server that is down (logged at error level). */
  connectionRetries: number;
  /** Exits nobody asked for: `crashes`, or a start refused with a clear message (`worker: …`, exit 1). */
  crashes: WorkerExit[];
  refusedStarts: string[];
}

const SDK_RETRY = /^gRPC call \w+ retried \d+ times$/;

/** Reads the workers' logs and exits. */
export function logFindings(files: string[], exits: WorkerExit[]): LogFindings {
  const found: LogFindings = { lines: 0, errors: [], connectionRetries: 0, crashes: [], refusedStarts: [] };
  const refusal = new Map<string, string>();
  for (const exit of exits.filter((x) => !x.expected)) {
    const last = readFileSync(exit.logFile, 'utf8').trim().split('\n').at(-1) ?? '';
    if (exit.code === 1 && last.startsWith('worker: ')) refusal.set(exit.logFile, last);
    else found.crashes.push(exit);
  }
  found.refusedStarts = [...refusal.values()];
  for (const file of files) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      found.lines += 1;
      if (refusal.get(file) === line) continue;
      let entry: { level?: number; msg?: string; sdkComponent?: string } | undefined;
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        entry = undefined;
      }
      if (entry && (entry.level ?? 0) < 50) continue;
      if (entry?.sdkComponent === 'core' && SDK_RETRY.test(entry.msg ?? '')) found.connectionRetries += 1;
      else found.errors.push(`${file.split('/').pop()}: ${line.slice(0, 300)}`);
    }
  }
  return found;
}
