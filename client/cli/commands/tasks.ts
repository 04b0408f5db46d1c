// `task start <id>`, `tasks start --all` (with the years' bulletin drafters), `task show <id>`: starting workflows
// and reading a task's state.
import type { Command } from 'commander';
import { listTaskIds } from '../../../db/queries/task-catalog';
import { DEFAULT_TASK_QUEUE, getStateQuery, workflowIdFor } from '../../../workflows/definitions';
import { startBulletinDrafters } from '../../bulletin/start-drafter';
import { startTask, startTasks } from '../../tasks/start-task';
import type { CliContext } from '../context';
import { parseFormat, print, table, UsageError } from '../output';
import { taskLines } from '../task-lines';
import { toTaskView } from '../../../db/task-view';
import { planAt } from '../../../workflows/clock';

export function registerTaskCommands(program: Command, ctx: CliContext): void {
  const task =
    program.commands.find((c) => c.name() === 'task') ?? program.command('task').description('one task');
  const tasks =
    program.commands.find((c) => c.name() === 'tasks') ?? program.command('tasks').description('all tasks');

  task
    .command('start <id>')
    .description('start the workflow of a loaded task (idempotent)')
    .option(
      '--allow-past-deadline',
      'start a never-started task whose deadline has passed: it starts overdue',
    )
    .action(async (id: string, opts: { allowPastDeadline?: boolean }) => {
      const options = await startOptions(ctx, await ctx.clock());
      const out = await startTask({ ...options, allowPastDeadline: opts.allowPastDeadline }, id);
      process.stdout.write(
        out.started ? `started ${out.workflowId}\n` : `${out.workflowId} already started\n`,
      );
    });

  tasks
    .command('start')
    .description('start one workflow per loaded task')
    .option('--all', 'every task in the catalog')
    .action(async (opts: { all?: boolean }) => {
      if (!opts.all) throw new UsageError('say which tasks: --all');
      const options = await startOptions(ctx, await ctx.clock());
      const out = await startTasks(options, await listTaskIds(ctx.db()));
      for (const err of out.pastDeadline) process.stderr.write(`not started: ${err.message}\n`);
      process.stdout.write(
        `${out.started.length} started, ${out.existing.length} already running or closed` +
          (out.pastDeadline.length ? `, ${out.pastDeadline.length} not started (deadline passed)` : '') +
          '\n',
      );
      // Each plan year's 督查通报 drafter goes with its tasks (as `up` starts it).
      const drafters = await startBulletinDrafters(options);
      const years = [...drafters.started, ...drafters.existing].sort();
      if (years.length) process.stdout.write(`bulletin drafter running for ${years.join(', ')}\n`);
    });

  task
    .command('show <id>')
    .description("a task's state from its workflow (and the read model)")
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const client = await ctx.temporal();
      const state = await client.workflow.getHandle(workflowIdFor(id)).query(getStateQuery);
      const view = toTaskView(state, planAt(await ctx.clock(), Date.now()));
      print(format, view, () =>
        [
          ...taskLines(view),
          '',
          table(
            view.checkpoints.map((c) => ({ period: c.period, due: c.dueAt, status: c.status })),
            ['period', 'due', 'status'],
          ),
        ].join('\n'),
      );
    });
}

async function startOptions(ctx: CliContext, clock: Awaited<ReturnType<CliContext['clock']>>) {
  const client = await ctx.temporal();
  return { db: ctx.db(), client, clock, taskQueue: ctx.config().temporal.taskQueue ?? DEFAULT_TASK_QUEUE };
}
