// The simulator loop: every interval, read each open task through the API and do what its persona would.
import { planAt } from '../../workflows/clock';
import type { ClockSpec } from '../../workflows/domain';
import type { TaskView } from '../../db/task-view';
import { ApiError, type ApiClient } from './api-client';
import { decide } from './decide';
import { isClosed } from '../../workflows/status';

export interface SimulatorTokens {
  office: string;
  /** Department code → token. */
  departments: Record<string, string>;
}

export interface SimulatorOptions {
  api: ApiClient;
  seed: string;
  clock: ClockSpec;
  tokens: SimulatorTokens;
  intervalMs: number;
  log: (message: string, fields?: Record<string, unknown>) => void;
  signal?: AbortSignal;
}

interface Page {
  items: Array<{ id: string; status: string; leadDepartment: string }>;
  total: number;
}

/** Runs until `signal` aborts; one failing request is logged and retried on the next round. */
export async function runSimulator(o: SimulatorOptions): Promise<void> {
  while (!o.signal?.aborted) {
    await simulateOnce(o).catch((err: Error) => o.log('round failed', { err: err.message }));
    await new Promise((r) => setTimeout(r, o.intervalMs));
  }
}

/**
 * One round over every open task; returns the number of actions taken. Each department reads its own tasks
 * with its own token (as a clerk would), which also spreads the reads over the per-token rate limits.
 */
export async function simulateOnce(o: SimulatorOptions): Promise<number> {
  let acted = 0;
  for (const [code, token] of Object.entries(o.tokens.departments)) {
    for (const task of await ownOpenTasks(o, code, token)) {
      const path = `/api/tasks/${encodeURIComponent(task.id)}`;
      const { state } = await o.api.get<{ state: TaskView | null }>(path, token);
      if (!state) continue;
      const action = decide(o.seed, state, planAt(o.clock, Date.now()));
      if (!action) continue;
      try {
        await o.api.post(
          `${path}/${action.action}`,
          action.as === 'office' ? o.tokens.office : token,
          action.body,
          action.requestId,
        );
        acted += 1;
        o.log('acted', {
          task: task.id,
          action: action.action,
          as: action.as === 'office' ? 'office' : code,
        });
      } catch (err) {
        // A refusal (the task moved on meanwhile) is part of the game; anything else is worth a line.
        if (!(err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429))
          throw err;
        o.log('refused', { task: task.id, action: action.action, status: err.status, body: err.body });
      }
    }
  }
  return acted;
}

async function ownOpenTasks(o: SimulatorOptions, code: string, token: string): Promise<Page['items']> {
  const out: Page['items'] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await o.api.get<Page>(`/api/tasks?limit=200&offset=${offset}`, token);
    out.push(
      ...page.items.filter((t) => t.leadDepartment === code && t.status !== 'draft' && !isClosed(t.status)),
    );
    if (offset + 200 >= page.total) return out;
  }
}
