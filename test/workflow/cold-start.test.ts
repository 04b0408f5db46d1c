// Workflow tasks that start cold: the worker's cache holds two workflows and three are worked in turn, so
// nearly every workflow task finds its workflow evicted, replays the whole history and then handles the new
// input in the same task, as after a worker restart or an eviction under load. (The chaos year found one
// history, written by an experimental route on such a cold start, that later replays could not follow; this
// file probes that class, and did not reproduce it.) The inputs arrive while time rules fall due, so the
// handlers, the time rules and the read-model writes act in the tasks that take them; every task replays what
// the cold ones before it wrote, and the file's histories are replayed at the end (useWorkflowSuite).
import * as d from '../../workflows/definitions';
import { insertTask } from '../support/fixtures';
import { fastClock, lead, office, quiescent } from '../support/task-harness';
import { useWorkflowSuite } from '../support/workflow-suite';

const suite = useWorkflowSuite({ maxCachedWorkflows: 2 });

test('inputs handled on cold workflow tasks while time rules fall due: applied once, replayable', async () => {
  const { h, db } = suite;
  const ids = ['cold-1', 'cold-2', 'cold-3'];
  for (const id of ids) await insertTask(db, { id });
  // One plan day every 100 ms: reports fall due and their ladders climb while the inputs arrive.
  const clock = fastClock('2023-01-04T09:00:00+08:00', 100);
  for (const id of ids) await h.start(id, clock);
  for (const id of ids) await h.update(id, d.acknowledgeUpdate, { actor: lead });
  for (let round = 0; round < 6; round++) {
    for (const id of ids) {
      await h.update(id, d.reportProgressUpdate, {
        actor: lead,
        percent: 10 * (round + 1),
        narrative: `第${round + 1}次报送`,
      });
      await h.update(id, d.instructUpdate, { actor: office, text: `第${round + 1}次批示` });
    }
  }
  for (const id of ids) {
    const { state, row } = await quiescent(h, id);
    expect(state.reports).toHaveLength(6);
    expect(state.instructions).toHaveLength(6);
    expect(row.state).toEqual(state);
  }
});
