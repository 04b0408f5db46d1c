// Where a P3 round trip's time goes, from the workflow histories (server timestamps) and the bench's own
// send and answer times: what bounds the report round trip, measured rather than guessed.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { median } from './stats';

type Event = temporal.api.history.v1.IHistoryEvent;
const EventType = {
  taskStarted: 6,
  taskCompleted: 7,
  activityScheduled: 10,
  activityStarted: 11,
  activityCompleted: 12,
  updateAccepted: 41,
  updateCompleted: 43,
};

export interface Sent {
  workflowId: string;
  updateId: string;
  sentAt: number;
  answeredAt: number;
}

const ms = (e: Event) =>
  Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);

interface Marks {
  /** The workflow task in which the Update was accepted (and, with the in-task write, answered). */
  acceptingTaskStarted?: number;
  accepted?: number;
  activityScheduledId?: string;
  activityStarted?: number;
  activityCompleted?: number;
  /** The workflow task that follows the activity: dispatched, then run by the worker. */
  taskStarted?: number;
  taskCompleted?: number;
  completed?: number;
}

/** The `requestId` of a JSON-encoded message payload, if it is one. */
function messageRequestId(data: Uint8Array | null | undefined): string | undefined {
  if (!data) return undefined;
  try {
    const value = JSON.parse(Buffer.from(data).toString('utf8')) as { requestId?: unknown };
    return typeof value.requestId === 'string' ? value.requestId : undefined;
  } catch {
    return undefined;
  }
}

/** Accepted/activity/completed instants per update id, read from each workflow's history. */
async function marks(client: Client, workflowIds: string[]): Promise<Map<string, Marks>> {
  const out = new Map<string, Marks>();
  for (const workflowId of new Set(workflowIds)) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    let open: Marks | undefined;
    let lastTaskStarted: number | undefined;
    for (const e of history.events ?? []) {
      const type = Number(e.eventType);
      if (type === EventType.taskStarted) lastTaskStarted = ms(e);
      if (type === EventType.updateAccepted) {
        const request = e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest;
        open = { acceptingTaskStarted: lastTaskStarted, accepted: ms(e) };
        out.set(request?.meta?.updateId ?? '', open);
        // duban's Updates carry no id of the caller's choosing: they are found by the message's request id.
        const requestId = messageRequestId(request?.input?.args?.payloads?.[0]?.data);
        if (requestId) out.set(requestId, open);
      } else if (type === EventType.activityScheduled && open && open.activityScheduledId === undefined) {
        if (e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordTransitions')
          open.activityScheduledId = String(e.eventId);
      } else if (type === EventType.activityStarted && open) {
        if (String(e.activityTaskStartedEventAttributes?.scheduledEventId) === open.activityScheduledId)
          open.activityStarted = ms(e);
      } else if (type === EventType.activityCompleted && open) {
        if (String(e.activityTaskCompletedEventAttributes?.scheduledEventId) === open.activityScheduledId)
          open.activityCompleted = ms(e);
      } else if (type === EventType.taskStarted && open?.activityCompleted !== undefined) {
        open.taskStarted ??= ms(e);
      } else if (type === EventType.taskCompleted && open?.taskStarted !== undefined) {
        open.taskCompleted ??= ms(e);
      } else if (type === EventType.updateCompleted) {
        const id = e.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? '';
        const m = out.get(id);
        if (m) m.completed = ms(e);
      }
    }
  }
  return out;
}

/** Median milliseconds of each phase, in order; phases the path does not have are left out. */
export async function phases(client: Client, sent: Sent[]): Promise<Array<[string, number]>> {
  const found = await marks(
    client,
    sent.map((s) => s.workflowId),
  );
  const rows = sent
    .map((s) => ({ s, m: found.get(s.updateId) }))
    .filter((r): r is { s: Sent; m: Marks } => r.m?.accepted !== undefined && r.m.completed !== undefined);
  if (rows.length === 0) return [];
  const med = (f: (r: { s: Sent; m: Marks }) => number | undefined) => {
    const values = rows.map(f).filter((v): v is number => v !== undefined && Number.isFinite(v));
    return values.length ? median(values) : undefined;
  };
  const list: Array<[string, number | undefined]> = [
    ['send → its workflow task started', med((r) => (r.m.acceptingTaskStarted ?? NaN) - r.s.sentAt)],
    [
      'that workflow task ran (update applied, in-task read-model write)',
      med((r) => r.m.accepted! - (r.m.acceptingTaskStarted ?? NaN)),
    ],
    ['accepted → activity started', med((r) => (r.m.activityStarted ?? NaN) - r.m.accepted!)],
    ['activity ran', med((r) => (r.m.activityCompleted ?? NaN) - (r.m.activityStarted ?? NaN))],
    [
      'activity done → next workflow task started',
      med((r) => (r.m.taskStarted ?? NaN) - (r.m.activityCompleted ?? NaN)),
    ],
    ['that workflow task ran', med((r) => (r.m.taskCompleted ?? NaN) - (r.m.taskStarted ?? NaN))],
    [
      'accepted → update completed',
      med((r) => (r.m.activityStarted === undefined ? r.m.completed! - r.m.accepted! : NaN)),
    ],
    ['completed → answer received', med((r) => r.s.answeredAt - r.m.completed!)],
  ];
  return list.filter((x): x is [string, number] => x[1] !== undefined);
}
