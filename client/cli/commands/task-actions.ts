// What departments and the office do at a terminal: `tasks list`, and one `task <verb>` per action of the table
// (ack, report, complete, extend for departments; review, decide-extension, suspend, resume, cancel, reassign,
// instruct for the office), its options derived from the action's body. Each goes through the same service
// layer as the HTTP API: same access rules, same validation.
import type { Command } from 'commander';
import type { TaskView } from '../../../db/task-view';
import { taskLines } from '../task-lines';
import { performTaskAction, TASK_ACTIONS, type TaskActionName } from '../../service/task-actions';
import { listTasksFor } from '../../service/task-queries';
import {
  actingPrincipal,
  AS_HELP,
  refusalsReadable,
  serviceDeps,
  TOKEN_HELP,
  type ActingOptions,
} from '../acting';
import type { CliContext } from '../context';
import { parseFormat, print, table } from '../output';
import { addFieldOptions, bodyFromOptions } from '../action-options';

type Common = ActingOptions & { format: string; requestId?: string };

function withCommon(cmd: Command): Command {
  return cmd
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .option('--request-id <id>', 'idempotency key: repeating it changes nothing')
    .option('--format <format>', 'table or json', 'table');
}

function renderState(s: TaskView, requestId: string): string {
  return [...taskLines(s), `request ${requestId}`].join('\n');
}

/** Registers `task <verb> <id>` for `name`: its options are its body's fields. */
function actionCommand(task: Command, ctx: CliContext, name: TaskActionName): void {
  const spec = TASK_ACTIONS[name];
  withCommon(
    addFieldOptions(task.command(`${spec.verb} <id>`).description(spec.describe), spec.fields),
  ).action(async (id: string, opts: Common & Record<string, unknown>) => {
    const format = parseFormat(opts.format);
    const p = await actingPrincipal(ctx, opts);
    const deps = await serviceDeps(ctx);
    const raw = {
      ...bodyFromOptions(spec.fields, opts),
      ...(opts.requestId ? { requestId: opts.requestId } : {}),
    };
    const out = await refusalsReadable(() => performTaskAction(deps, p, id, name, raw));
    print(format, out, () => renderState(out.state, out.requestId));
  });
}

export function registerTaskActionCommands(program: Command, ctx: CliContext): void {
  const task =
    program.commands.find((c) => c.name() === 'task') ?? program.command('task').description('one task');
  const tasks =
    program.commands.find((c) => c.name() === 'tasks') ?? program.command('tasks').description('all tasks');

  withCommon(
    tasks
      .command('list')
      .description('the tasks you may see, filtered and paged')
      .option(
        '--status <status>',
        'draft, assigned, in_progress, completion_review, completed, suspended, cancelled',
      )
      .option('--light <light>', 'green, yellow or red')
      .option('--department <code>', 'lead or co-responsible department')
      .option('--section <text>', 'first part of the section path, or its beginning')
      .option('--level <n>', 'escalation level')
      .option('--limit <n>', 'page size (1–200)', '50')
      .option('--offset <n>', 'skip this many', '0'),
  ).action(async (opts: Common & Record<string, string | undefined>) => {
    const format = parseFormat(opts.format);
    const p = await actingPrincipal(ctx, opts);
    const query = Object.fromEntries(
      ['status', 'light', 'department', 'section', 'level', 'limit', 'offset']
        .map((k) => [k, opts[k]] as const)
        .filter(([, v]) => v !== undefined),
    );
    const page = await refusalsReadable(() => listTasksFor({ db: ctx.db() }, p, query));
    print(format, page, () =>
      [
        table(
          page.items.map((t) => ({
            id: t.id,
            status: t.status,
            light: t.light ?? '',
            level: t.level,
            percent: `${t.percent}%`,
            deadline: t.currentDeadline ? t.currentDeadline.slice(0, 10) : t.deadline,
            lead: t.leadDepartment,
            title: [...t.title].length > 30 ? `${[...t.title].slice(0, 29).join('')}…` : t.title,
          })),
          ['id', 'status', 'light', 'level', 'percent', 'deadline', 'lead', 'title'],
        ),
        page.items.length
          ? `${page.offset + 1}–${page.offset + page.items.length} of ${page.total}`
          : `no tasks here (${page.total} in all)`,
      ].join('\n'),
    );
  });

  for (const name of Object.keys(TASK_ACTIONS) as TaskActionName[]) actionCommand(task, ctx, name);
}
