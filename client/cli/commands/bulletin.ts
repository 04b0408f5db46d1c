// `bulletin list | show | edit | issue | correct | download`: the 督查通报 as /api/bulletins serves them, for whom the
// command acts as (the office by default).
import type { Command } from 'commander';
import { planDate } from '../../../workflows/clock';
import { readFileSync, writeFileSync } from 'node:fs';
import {
  bulletinDocument,
  correctBulletin,
  editBulletin,
  getBulletin,
  issueBulletin,
  listBulletins,
  type DocumentFormat,
} from '../../service/bulletins';
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

  bulletin
    .command('issue <year-number>')
    .description('issue a draft: documents frozen with a hash, mailed once to each unit and leader (office)')
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .action(async (ref: string, opts: ActingOptions) => {
      const { year, number } = parseRef(ref);
      const deps = await serviceDeps(ctx);
      const p = await actingPrincipal(ctx, opts);
      const b = await refusalsReadable(() => issueBulletin(deps, p, year, number));
      process.stdout.write(
        `issued ${b.planYear}-${b.number} (${b.period}) at ${b.issuedAt}; sha256 ${b.contentHash}\n`,
      );
    });

  bulletin
    .command('edit <year-number>')
    .description(
      "set a draft's 按语 (office; the praise and criticism lists are edited in the dashboard or the API)",
    )
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .option('--remark <text>', '督查室按语')
    .option('--remark-file <file>', '督查室按语, read from a UTF-8 file')
    .action(async (ref: string, opts: ActingOptions & { remark?: string; remarkFile?: string }) => {
      const { year, number } = parseRef(ref);
      if ((opts.remark === undefined) === (opts.remarkFile === undefined))
        throw new UsageError('give exactly one of --remark and --remark-file');
      const remark = opts.remark ?? readFileSync(opts.remarkFile!, 'utf8');
      const p = await actingPrincipal(ctx, opts);
      const b = await refusalsReadable(() => editBulletin({ db: ctx.db() }, p, year, number, { remark }));
      process.stdout.write(`draft ${b.planYear}-${b.number}: 按语 set (${b.remark.length} characters)\n`);
    });

  bulletin
    .command('correct <year-number>')
    .description('open a correction of an issued bulletin: a draft under the next number (office)')
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .action(async (ref: string, opts: ActingOptions) => {
      const { year, number } = parseRef(ref);
      const p = await actingPrincipal(ctx, opts);
      const b = await refusalsReadable(() => correctBulletin({ db: ctx.db() }, p, year, number));
      process.stdout.write(`draft ${b.planYear}-${b.number} corrects ${b.planYear}-${b.corrects}\n`);
    });

  bulletin
    .command('download <year-number>')
    .description('write the bulletin as PDF, DOCX or HTML (an issued one as issued)')
    .option('--as <who>', AS_HELP)
    .option('--token <token>', TOKEN_HELP)
    .option('--format <format>', 'pdf, docx or html', 'pdf')
    .option('-o, --out <file>', 'where to write it (default: its own name in the current directory)')
    .action(async (ref: string, opts: ActingOptions & { format: string; out?: string }) => {
      const { year, number } = parseRef(ref);
      if (!['pdf', 'docx', 'html'].includes(opts.format))
        throw new UsageError(`--format must be pdf, docx or html, not '${opts.format}'`);
      const p = await actingPrincipal(ctx, opts);
      const deps = { db: ctx.db(), clock: await ctx.clock() };
      const doc = await refusalsReadable(() =>
        bulletinDocument(deps, p, year, number, opts.format as DocumentFormat),
      );
      const file = opts.out ?? doc.filename;
      writeFileSync(file, doc.body);
      process.stdout.write(`${file} (${doc.body.length} bytes)\n`);
    });
}
