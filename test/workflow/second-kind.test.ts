// The workflow runtime is shared by every kind of supervised work: a second kind (test/support/second-kind, a
// note-taking item with reminders, written for this test) gets request dedup, the read model written before an
// Update's answer, its clock, continue-as-new with its state and request keys, and a drained end from the
// runtime alone, on a real Temporal server.
import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { makeClock } from '../../workflows/clock';
import type { Message } from '../../workflows/definitions';
import { createNoteActivities, type NoteBatch } from '../support/second-kind/activities';
import {
  addNoteUpdate,
  closeNoteUpdate,
  noteStateQuery,
  noteWorkflow,
  type NoteEvent,
} from '../support/second-kind/workflow';
import { testTemporalAddress } from '../support/temporal';
import { waitUntil } from '../support/wait';

const written = new Map<string, NoteBatch[]>();
let connection: Connection;
let native: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let client: Client;
const taskQueue = `second-kind-${randomUUID()}`;

beforeAll(async () => {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already in this jest worker.
  }
  const address = testTemporalAddress();
  native = await NativeConnection.connect({ address });
  connection = await Connection.connect({ address });
  client = new Client({ connection });
  worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowsPath: require.resolve('../support/second-kind/workflow'),
    activities: createNoteActivities(written),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await native?.close();
  await connection?.close();
});

const office = { role: 'office' as const };
const message = (key: string, fingerprint = 'f'): Message => ({
  requestId: key,
  actor: office,
  idempotency: { key, fingerprint },
});
const events = (key: string): NoteEvent[] => (written.get(key) ?? []).flatMap((b) => b.events);

test('a second kind of work runs on the shared runtime without a line of its plumbing', async () => {
  const key = `note-${randomUUID()}`;
  const now = Date.now();
  const handle = await client.workflow.start(noteWorkflow, {
    taskQueue,
    workflowId: key,
    // A reminder a few seconds on; a run continues as new after 40 history events.
    args: [{ key, clock: makeClock(now, now, 1), remindAt: [now + 3_000], continueAsNewAfterEvents: 40 }],
  });
  const firstRunId = handle.firstExecutionRunId;
  const add = (k: string, text: string, fingerprint?: string) =>
    handle.executeUpdate(addNoteUpdate, { args: [{ ...message(k, fingerprint), text }] });

  // The answer comes once the read model has the change: the batch was written inside the workflow task.
  expect((await add('k1', '第一条')).notes).toEqual(['第一条']);
  expect(
    written.get(key)?.some((b) => b.route === 'in-task' && b.events.some((e) => e.text === '第一条')),
  ).toBe(true);
  // The same request again changes nothing; its key reused for another request is refused; so is bad content.
  expect((await add('k1', '第一条')).notes).toEqual(['第一条']);
  await expect(add('k1', '别的', 'other')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
  await expect(add('k-empty', '')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

  // Enough inputs to pass 40 history events: the run continues as new with its notes and its request keys.
  for (let i = 2; i <= 10; i += 1) await add(`k${i}`, `第${i}条`);
  const described = await handle.describe();
  expect(described.runId).not.toBe(firstRunId);
  expect((await add('k1', '第一条')).notes).toHaveLength(10);

  // The reminder rings on the runtime's clock, in whichever run is current.
  await waitUntil(
    'the reminder of the second kind to ring',
    () => handle.query(noteStateQuery),
    (s) => s.reminded === 1,
  );

  await handle.executeUpdate(closeNoteUpdate, { args: [message('close')] });
  const final = await handle.result();
  expect(final.open).toBe(false);
  // Drained before the end: every event written once, in order, none missing.
  const trail = events(key);
  expect(trail.map((e) => e.seq)).toEqual(Array.from({ length: final.seq }, (_, i) => i + 1));
  expect(trail.filter((e) => e.type === 'noted')).toHaveLength(10);
  expect(trail.map((e) => e.type)).toEqual(expect.arrayContaining(['opened', 'reminded', 'closed']));
});
