// `bulletin list | show`: the 督查通报 as GET /api/bulletins answers them, for whom the command acts as.
import type { Command } from 'commander';
import { planDate } from '../../../workflows/clock';
import { getBulletin, listBulletins } from '../../service/bulletins';
import { actingPrincipal, AS_HELP, refusalsReadable, TOKEN_HELP, type ActingOptions } from '../acting';
import type { CliContext } from '../context';
import { parseFormat, print, table, UsageError } from '../output';

const pct = (r: number | null) => (r === null ? '-' : `${Math.round(r * 1000) / 10}%`);

/** 'YYYY-N' (plan year and 第N期), as `bulletin list` prints it. */
function parseRef(ref: string): { year: number; number: number } {
  const m = /^(\d{4})-(\d{1,3})$/.exec(ref);
  if (!m) throw new UsageError(`bulletin: '${ref}' is not YEAR-NUMBER (e.g. 2023-6 for 2023年第6期)`);
  return { year: Number(m[1]), number: Number(m[2]) };
}

export function registerBulletinCommands(program: Command, ctx: CliContext): void {
  const bulletin = program.command('bulletin').description('督查通报: the monthly bulletins');

  bulletin
    .command('list')
    .description('bulletins, newest first (the office sees drafts too)')
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: ActingOptions & { format: string }) => {
      const format = parseFormat(opts.format);
      const p = await actingPrincipal(ctx, opts);
      const r = await listBulletins({ db: ctx.db() }, p);
      print(format, r, () =>
        table(
          r.items.map((b) => ({
            bulletin: `${b.planYear}-${b.number}`,
            period: b.period,
            status: b.status,
            closes: planDate(Date.parse(b.closesAt)),
            praised: b.praise.length,
            criticised: b.criticism.length,
          })),
          ['bulletin', 'period', 'status', 'closes', 'praised', 'criticised'],
        ),
      );
    });

  bulletin
    .command('show <year-number>')
    .description('one bulletin and its figures, e.g. `bulletin show 2023-6`')
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .option('--format <format>', 'table or json', 'table')
    .action(async (ref: string, opts: ActingOptions & { format: string }) => {
      const format = parseFormat(opts.format);
      const { year, number } = parseRef(ref);
      const p = await actingPrincipal(ctx, opts);
      const b = await refusalsReadable(() => getBulletin({ db: ctx.db() }, p, year, number));
      const f = b.figures;
      print(format, b, () =>
        [
          `督查通报 ${b.planYear}年第${b.number}期 (${b.period}, ${b.status}), closes ${planDate(Date.parse(b.closesAt))}`,
          `tasks ${f.totalTasks}: red ${f.lights.red}, yellow ${f.lights.yellow}, green ${f.lights.green}, ` +
            `completed ${f.lights.completed}, cancelled ${f.lights.cancelled}, not started ${f.lights.notStarted}`,
          `序时进度: ahead ${f.pace.ahead}, on pace ${f.pace.onPace}, behind ${f.pace.behind}`,
          `reports due ${f.reporting.due}: on time ${f.reporting.onTime}, late ${f.reporting.late}, ` +
            `missing ${f.reporting.missing} (${pct(f.reporting.onTimeRate)} on time)`,
          '',
          table(
            f.units.map((u) => ({
              unit: u.name,
              tasks: u.tasks,
              due: u.reports.due,
              'on time': u.reports.onTime,
              late: u.reports.late,
              missing: u.reports.missing,
              escalations: u.escalations.join('/'),
              score: u.score,
              change: u.scoreChange,
            })),
            ['unit', 'tasks', 'due', 'on time', 'late', 'missing', 'escalations', 'score', 'change'],
          ),
          '',
          `praised: ${b.praise.map((m) => m.name).join('、') || '-'}`,
          `criticised: ${b.criticism.map((m) => m.name).join('、') || '-'}`,
        ].join('\n'),
      );
    });
}
