// `mail list`, `mail show <id>`, `mail outbox`: what the embedded catcher received, and the outbox with its
// delivery state (pending, sending, sent, failed; attempts and the last SMTP error).
import type { Command } from 'commander';
import { getCaughtMail, listCaughtMail } from '../../../db/queries/caught-mail';
import { listOutbox } from '../../../db/queries/outbox';
import type { CliContext } from '../context';
import { parseFormat, print, table, UsageError } from '../output';

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000)
    throw new UsageError(`--limit must be a whole number 1–10000, not '${value}'`);
  return n;
}

const STATUSES = ['pending', 'sending', 'sent', 'failed'];
const short = (s: string | null | undefined, n: number) =>
  s && [...s].length > n ? `${[...s].slice(0, n - 1).join('')}…` : (s ?? '');

export function registerMailCommands(program: Command, ctx: CliContext): void {
  const mail =
    program.commands.find((c) => c.name() === 'mail') ??
    program.command('mail').description('notification emails');

  mail
    .command('list')
    .description('messages received by the embedded mail catcher, newest first')
    .option('--format <format>', 'table or json', 'table')
    .option('--limit <n>', 'at most this many', '50')
    .option('--task <id>', 'only messages about this task')
    .action(async (opts: { format: string; limit: string; task?: string }) => {
      const format = parseFormat(opts.format);
      const rows = await listCaughtMail(ctx.db(), { limit: parseLimit(opts.limit), taskId: opts.task });
      print(format, rows, () =>
        table(
          rows.map((r) => ({
            id: r.id,
            received: r.receivedAt.slice(0, 19),
            task: r.taskId,
            to: short(r.to, 40),
            subject: short(r.subject, 50),
          })),
          ['id', 'received', 'task', 'to', 'subject'],
        ),
      );
    });

  mail
    .command('show <id>')
    .description('one caught message (catcher id or Message-ID) with its headers and text')
    .option('--format <format>', 'table or json', 'table')
    .action(async (id: string, opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const m = await getCaughtMail(ctx.db(), id);
      if (!m) throw new Error(`no caught message ${id}`);
      print(format, m, () =>
        [
          `Message-ID: ${m.messageId ?? ''}`,
          `From: ${m.from ?? ''}`,
          `To: ${m.to ?? ''}`,
          ...(m.cc ? [`Cc: ${m.cc}`] : []),
          `Subject: ${m.subject ?? ''}`,
          `Received: ${m.receivedAt}`,
          ...(m.key ? [`Key: ${m.key}`] : []),
          '',
          m.text ?? '(no text part)',
        ].join('\n'),
      );
    });

  mail
    .command('outbox')
    .description('the notifications outbox with delivery state, newest first')
    .option('--format <format>', 'table or json', 'table')
    .option('--limit <n>', 'at most this many', '50')
    .option('--task <id>', 'only this task')
    .option('--status <status>', STATUSES.join(', '))
    .action(async (opts: { format: string; limit: string; task?: string; status?: string }) => {
      const format = parseFormat(opts.format);
      if (opts.status !== undefined && !STATUSES.includes(opts.status)) {
        throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not '${opts.status}'`);
      }
      const rows = await listOutbox(ctx.db(), {
        limit: parseLimit(opts.limit),
        taskId: opts.task,
        status: opts.status,
      });
      print(format, rows, () =>
        table(
          rows.map((r) => ({
            key: r.key,
            status: r.status,
            attempts: r.attempts,
            to: short([...r.to, ...r.cc].join(','), 40),
            subject: short(r.subject, 40),
            error: short(r.lastError, 40),
          })),
          ['key', 'status', 'attempts', 'to', 'subject', 'error'],
        ),
      );
    });
}
