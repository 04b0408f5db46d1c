// What departments and the office do at a terminal: `tasks list`, `task ack | report | complete | extend`
// (departments) and `task review | decide-extension | suspend | resume | cancel | reassign | instruct` (office).
// Each goes through the same service layer as the HTTP API: same access rules, same validation.
import type { Command } from 'commander';
import type { TaskView } from '../../service/task-view';
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
import { parseFormat, print, table, UsageError } from '../output';

type Common = ActingOptions & { format: string; requestId?: string };

/** A number if it reads as one; otherwise the text itself, so validation names the field. */
const num = (s: string | undefined): unknown =>
  s === undefined ? undefined : /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : s;
const collect = (value: string, previous: string[]) => [...previous, value];

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

/** Registers `task <verb> <id>` that sends `name` with the body `body(opts)` builds. */
function actionCommand<O extends Common>(
  task: Command,
  ctx: CliContext,
  spec: { verb: string; name: TaskActionName; usage?: string; options: (c: Command) => Command },
  body: (opts: O) => Record<string, unknown>,
): void {
  withCommon(
    spec.options(
      task
        .command(`${spec.verb} <id>`)
        .description(`${TASK_ACTIONS[spec.name].describe}${spec.usage ? `: ${spec.usage}` : ''}`),
    ),
  ).action(async (id: string, opts: O) => {
    const format = parseFormat(opts.format);
    const p = await actingPrincipal(ctx, opts);
    const deps = await serviceDeps(ctx);
    const raw = Object.fromEntries(
      Object.entries({ ...body(opts), requestId: opts.requestId }).filter(([, v]) => v !== undefined),
    );
    const out = await refusalsReadable(() => performTaskAction(deps, p, id, spec.name, raw));
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

  actionCommand(
    task,
    ctx,
    {
      verb: 'ack',
      name: 'acknowledge',
      options: (c) => c.option('--note <text>', '签收意见'),
    },
    (o: Common & { note?: string }) => ({ note: o.note }),
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'report',
      name: 'progress',
      options: (c) =>
        c
          .requiredOption('--percent <n>', 'percent complete, 0–100')
          .requiredOption('--narrative <text>', '进展情况')
          .option('--problems <text>', '存在问题')
          .option('--next-steps <text>', '下一步措施')
          .option('--period <period>', 'YYYY-MM or YYYY-Qn (default: the oldest open one)')
          .option('--value <idx=value>', 'achieved value of target idx (repeatable)', collect, []),
    },
    (
      o: Common & {
        percent: string;
        narrative: string;
        problems?: string;
        nextSteps?: string;
        period?: string;
        value: string[];
      },
    ) => ({
      percent: num(o.percent),
      narrative: o.narrative,
      problems: o.problems,
      nextSteps: o.nextSteps,
      period: o.period,
      values: o.value.length
        ? o.value.map((v) => {
            const m = /^(\d+)=(.+)$/.exec(v);
            if (!m) throw new UsageError(`--value must be <target idx>=<value>, not '${v}'`);
            return { targetIdx: Number(m[1]), value: num(m[2]) };
          })
        : undefined,
    }),
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'complete',
      name: 'completion',
      options: (c) => c.requiredOption('--summary <text>', '办结情况'),
    },
    (o: Common & { summary: string }) => ({ summary: o.summary }),
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'extend',
      name: 'extensionRequest',
      options: (c) =>
        c
          .requiredOption('--to <date>', 'new deadline, YYYY-MM-DD')
          .requiredOption('--reason <text>', '延期理由'),
    },
    (o: Common & { to: string; reason: string }) => ({ newDeadline: o.to, reason: o.reason }),
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'review',
      name: 'review',
      usage: '--approve --grade <等次> or --reject --comment <理由>',
      options: (c) =>
        c
          .option('--approve', 'approve (销号)')
          .option('--reject', 'send back (退回整改)')
          .option('--grade <grade>', '优秀, 良好, 合格 or 不合格')
          .option('--comment <text>', 'comment; required to reject'),
    },
    (o: Common & { approve?: boolean; reject?: boolean; grade?: string; comment?: string }) => {
      if (Boolean(o.approve) === Boolean(o.reject)) throw new UsageError('say --approve or --reject');
      return { decision: o.approve ? 'approve' : 'reject', grade: o.grade, comment: o.comment };
    },
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'decide-extension',
      name: 'extensionDecision',
      options: (c) =>
        c
          .option('--approve', 'grant it')
          .option('--reject', 'refuse it')
          .option('--to <date>', 'the deadline granted (default: the one requested)')
          .option('--comment <text>', '批复意见'),
    },
    (o: Common & { approve?: boolean; reject?: boolean; to?: string; comment?: string }) => {
      if (Boolean(o.approve) === Boolean(o.reject)) throw new UsageError('say --approve or --reject');
      return { approve: Boolean(o.approve), newDeadline: o.to, comment: o.comment };
    },
  );
  for (const [verb, name, zh] of [
    ['suspend', 'suspend', '暂停'],
    ['cancel', 'cancel', '撤销'],
  ] as const) {
    actionCommand(
      task,
      ctx,
      {
        verb,
        name,
        options: (c) => c.requiredOption('--reason <text>', `${zh}理由`),
      },
      (o: Common & { reason: string }) => ({ reason: o.reason }),
    );
  }
  actionCommand(
    task,
    ctx,
    {
      verb: 'resume',
      name: 'resume',
      options: (c) => c,
    },
    () => ({}),
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'reassign',
      name: 'reassign',
      options: (c) =>
        c
          .requiredOption('--lead <code>', 'the new lead department')
          .option('--co <codes>', 'co departments, comma-separated', '')
          .option('--reason <text>', '调整理由'),
    },
    (o: Common & { lead: string; co: string; reason?: string }) => ({
      leadDepartment: o.lead,
      coDepartments: o.co
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      reason: o.reason,
    }),
  );
  actionCommand(
    task,
    ctx,
    {
      verb: 'instruct',
      name: 'instruction',
      options: (c) => c.requiredOption('--text <text>', '批示内容'),
    },
    (o: Common & { text: string }) => ({ text: o.text }),
  );
}
