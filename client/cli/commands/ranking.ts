// `ranking`: the departments ranked as GET /api/ranking ranks them.
import type { Command } from 'commander';
import { ranking } from '../../service/ranking';
import type { CliContext } from '../context';
import { parseFormat, print, table } from '../output';

export function registerRankingCommand(program: Command, ctx: CliContext): void {
  program
    .command('ranking')
    .description('departments ranked by on-time reporting, on-time completion and escalations')
    .option('--format <format>', 'table or json', 'table')
    .action(async (opts: { format: string }) => {
      const format = parseFormat(opts.format);
      const r = await ranking({ db: ctx.db(), clock: await ctx.clock() });
      print(format, r, () =>
        table(
          r.departments.map((d) => ({
            rank: d.rank,
            code: d.code,
            name: d.name,
            score: d.score.toFixed(2),
            tasks: d.tasks,
            'reports on time':
              d.reporting.onTimeRate === null ? '-' : `${Math.round(d.reporting.onTimeRate * 100)}%`,
            'done on time':
              d.completion.onTimeRate === null ? '-' : `${Math.round(d.completion.onTimeRate * 100)}%`,
            deduction: d.escalations.deduction,
          })),
          ['rank', 'code', 'name', 'score', 'tasks', 'reports on time', 'done on time', 'deduction'],
        ),
      );
    });
}
