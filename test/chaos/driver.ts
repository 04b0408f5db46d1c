// Sends each task's planned inputs when their plan instant comes, one at a time per task, retrying through
// outages with the same request id. Records, per input, the real window in which the engine applied it.
import type { Client } from '@temporalio/client';
import { sendUpdate, TaskActionError } from '../../client/tasks/send-update';
import { planAt } from '../../workflows/clock';
import type { ClockSpec, TaskState } from '../../workflows/domain';
import { UPDATES, type Step, type TaskPlan } from './inputs';
import { retrying, sleep } from './retry';

export interface StepRecord {
  taskId: string;
  step: Step;
  /** Real instants: the first attempt, the acceptance (the engine applied it before), the final answer. */
  sentAt: number;
  acceptedAt?: number;
  answeredAt?: number;
  attempts: number;
  /** Set when the input was refused or could not be delivered before the deadline. */
  error?: string;
  answer?: TaskState;
}

const DEADLINE_MS = 30_000;

/**
 * Sends one input by the route the API takes (sendUpdate) and returns once the workflow accepted it (its
 * validator passed and the change is in history); `completed` resolves when the answer came (the read model has
 * it). Outages are retried with the same request id: the workflow remembers its scoped key, so a retry of an
 * input applied before a kill changes nothing and answers with the state as it is.
 */
export async function sendStep(
  client: Client,
  taskId: string,
  step: Step,
  until: number,
): Promise<{ record: StepRecord; completed: Promise<void> }> {
  const record: StepRecord = { taskId, step, sentAt: Date.now(), attempts: 0 };
  const def = UPDATES[step.kind];
  let accepted!: () => void;
  const acceptance = new Promise<void>((resolve) => (accepted = resolve));
  const completed = retrying(
    `${taskId} ${step.kind}`,
    () => {
      record.attempts += 1;
      return client.withDeadline(Date.now() + DEADLINE_MS, () =>
        sendUpdate(
          client,
          taskId,
          def,
          { ...step.input, requestId: step.requestId },
          {
            onAccepted: (at) => {
              // The first acceptance bounds when the input was applied; a retry's is later.
              record.acceptedAt ??= at;
              accepted();
            },
          },
        ),
      );
    },
    { until },
  ).then(
    (answer) => {
      record.answer = answer;
      record.answeredAt = Date.now();
    },
    (err: unknown) => {
      const refusal = err instanceof TaskActionError ? err : undefined;
      record.error = `${refusal ? `refused (${refusal.code}): ` : ''}${(err as Error).message}`;
    },
  );
  await Promise.race([acceptance, completed]);
  return { record, completed };
}

export interface DriverOptions {
  client: Client;
  clock: ClockSpec;
  plans: TaskPlan[];
  /** Inputs in flight at once, across tasks. */
  concurrency: number;
  /** Real instant after which nothing more is sent. */
  until: number;
}

/** Runs every plan to its end (or until `until`); returns one record per step sent, each answered or failed. */
export async function drive(options: DriverOptions): Promise<StepRecord[]> {
  const { client, clock, plans } = options;
  const records: StepRecord[] = [];
  const completions: Array<Promise<void>> = [];
  const next = new Map(plans.map((p) => [p.task.id, 0]));
  const busy = new Set<string>();
  const remaining = () => plans.some((p) => next.get(p.task.id)! < p.steps.length);
  while ((remaining() || busy.size) && Date.now() < options.until) {
    const now = planAt(clock, Date.now());
    for (const plan of plans) {
      const id = plan.task.id;
      const step = plan.steps[next.get(id)!];
      if (!step || busy.has(id) || step.at > now || busy.size >= options.concurrency) continue;
      // One input at a time per task, in plan order: the next goes once this one is accepted.
      busy.add(id);
      void sendStep(client, id, step, options.until).then(({ record, completed }) => {
        records.push(record);
        completions.push(completed);
        next.set(id, next.get(id)! + 1);
        busy.delete(id);
      });
    }
    await sleep(50);
  }
  await Promise.all(completions);
  return records;
}
