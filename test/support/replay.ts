// Replay: the workflow code must reproduce every recorded history, or running workflows would break.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { workflowBundle } from './temporal';
import { waitUntil } from './wait';

export const HISTORIES_DIR = path.join(__dirname, '..', 'replay', 'histories');

/** Replays each history with the current workflow code; returns the ids that failed, with their errors. */
export async function replayFailures(
  histories: Array<{ workflowId: string; history: temporal.api.history.v1.IHistory }>,
): Promise<Array<{ workflowId: string; error: string }>> {
  const failures: Array<{ workflowId: string; error: string }> = [];
  const results = Worker.runReplayHistories(
    { workflowBundle: await workflowBundle() },
    histories.map((h) => ({ ...h, history: committedPart(h.history) })),
  );
  for await (const result of results) {
    if (result.error) failures.push({ workflowId: result.workflowId, error: String(result.error) });
  }
  return failures;
}

const { EventType } = temporal.api.enums.v1;

/** Events a completed workflow task's commands write after its WorkflowTaskCompleted event. */
const COMMAND_EVENTS = new Set([
  EventType.EVENT_TYPE_TIMER_STARTED,
  EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  EventType.EVENT_TYPE_MARKER_RECORDED,
  EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
  EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
  EventType.EVENT_TYPE_TIMER_CANCELED,
]);

/**
 * The history up to its last committed workflow task. A history fetched from a running workflow may end with
 * a task in flight (a timer fired, an activity answered): the replayer would run it as new work, scheduling
 * local activities on a worker that has none, and it checks nothing recorded.
 */
export function committedPart(history: temporal.api.history.v1.IHistory): temporal.api.history.v1.IHistory {
  const events = history.events ?? [];
  let last = -1;
  events.forEach((e, i) => {
    if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) last = i;
  });
  if (last < 0) return history;
  let end = last + 1;
  while (end < events.length && COMMAND_EVENTS.has(events[end]!.eventType!)) end++;
  return { ...history, events: events.slice(0, end) };
}

/**
 * Fetches the current histories of `workflowIds` (their latest runs), each once its run has completed a
 * workflow task. A run just continued-as-new can hold its started event alone for a while (seen: 2 s on the dev
 * server, in a chain of quick continues-as-new), and the replayer waits forever on such a history.
 */
export async function fetchHistories(client: Client, workflowIds: string[], timeoutMs?: number) {
  return Promise.all(
    workflowIds.map(async (workflowId) => {
      const history = await waitUntil(
        `${workflowId}: a latest run that has completed a workflow task`,
        () => client.workflow.getHandle(workflowId).fetchHistory(),
        (h) => !!h.events?.some((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
        { timeoutMs, everyMs: 200, show: (h) => `a history of ${h.events?.length ?? 0} event(s)` },
      );
      return { workflowId, history };
    }),
  );
}

/**
 * With DUBAN_RECORD_HISTORIES=1, saves histories as replay fixtures named after the test file. Any other
 * value is a tag added to the names, to keep recordings of the same test made by newer workflow code.
 */
export function recordHistories(
  testFile: string,
  histories: Awaited<ReturnType<typeof fetchHistories>>,
): void {
  if (!process.env.DUBAN_RECORD_HISTORIES) return;
  mkdirSync(HISTORIES_DIR, { recursive: true });
  const base = path.basename(testFile).replace(/\.test\.ts$/, '');
  const tag = process.env.DUBAN_RECORD_HISTORIES === '1' ? '' : `--${process.env.DUBAN_RECORD_HISTORIES}`;
  for (const { workflowId, history } of histories) {
    const file = path.join(HISTORIES_DIR, `${base}--${workflowId}${tag}.json`);
    // Recordings are history: an existing one stays as the older code wrote it.
    if (existsSync(file)) continue;
    writeFileSync(file, encodeHistory(workflowId, history));
  }
}

const { History } = temporal.api.history.v1;

/** Histories are kept as base64 protobuf: exact, and independent of JSON mapping details. */
export function encodeHistory(workflowId: string, history: temporal.api.history.v1.IHistory): string {
  const bytes = History.encode(History.fromObject(history)).finish();
  return JSON.stringify({ workflowId, history: Buffer.from(bytes).toString('base64') }, null, 1);
}

export function decodeHistory(json: string): {
  workflowId: string;
  history: temporal.api.history.v1.IHistory;
} {
  const { workflowId, history } = JSON.parse(json) as { workflowId: string; history: string };
  return { workflowId, history: History.decode(Buffer.from(history, 'base64')) };
}
