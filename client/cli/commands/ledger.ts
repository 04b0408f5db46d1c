// `ledger extract <report>` prints the draft ledger of a report; `ledger load [file]` writes it to Postgres.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import {
  applyAssignments,
  extractLedger,
  loadLedger,
  parseAssignments,
  parseDepartments,
  readDataFile,
  toCsv,
  type LedgerFiles,
  type LoadSummary,
} from '../../ledger';
import { readText } from '../../ledger/files';
import type { CliContext } from '../context';
import { UsageError } from '../output';

const SEEDS = path.resolve(__dirname, '../../../seeds');

export function registerLedgerCommands(program: Command, ctx: CliContext): void {
  const ledger =
    program.commands.find((c) => c.name() === 'ledger') ??
    program.command('ledger').description('the task ledger (台账): extract it from a report, load it');

  ledger
    .command('extract <report>')
    .description('print the draft ledger of a report (plan part), with the office assignments applied')
    .option('--format <format>', 'json or csv', 'json')
    .option('--assignments <file>', 'lead and co departments per task id (YAML or JSON)')
    .option('--departments <file>', 'department list the assignments must name (YAML or JSON)')
    .option('--year <year>', 'plan year, when the plan heading names none')
    .action(async (report: string, opts: ExtractOpts) => {
      if (opts.format !== 'json' && opts.format !== 'csv') {
        throw new UsageError(`--format must be json or csv, not '${opts.format}'`);
      }
      const planYear = opts.year === undefined ? undefined : Number(opts.year);
      if (planYear !== undefined && !Number.isInteger(planYear))
        throw new UsageError('--year must be a year');
      const drafts = extractLedger(await readText(report), { planYear });
      const departments = opts.departments
        ? new Set(parseDepartments(opts.departments, await readDataFile(opts.departments)).map((d) => d.code))
        : undefined;
      const assignments = opts.assignments
        ? parseAssignments(opts.assignments, await readDataFile(opts.assignments), departments)
        : { tasks: {} };
      const { tasks, unassigned, unknown } = applyAssignments(drafts, assignments);
      process.stdout.write(opts.format === 'csv' ? toCsv(tasks) : `${JSON.stringify(tasks, null, 2)}\n`);
      const targets = tasks.reduce((n, t) => n + t.targets.length, 0);
      process.stderr.write(`ledger: ${tasks.length} tasks, ${targets} targets\n`);
      if (unassigned.length > 0) {
        process.stderr.write(
          `ledger: ${unassigned.length} tasks without an assignment (leadDepartment null): ${unassigned.join(', ')}\n`,
        );
      }
      if (unknown.length > 0) {
        process.stderr.write(
          `ledger: assignments for tasks the report does not have: ${unknown.join(', ')}\n`,
        );
      }
    });

  ledger
    .command('load [file]')
    .description(
      'validate and write departments, policies, tasks and targets in one transaction (idempotent)',
    )
    .option('--departments <file>', 'department list (default: seeds/departments.yaml)')
    .option('--policies <file>', 'escalation policies (default: seeds/policies.yaml when present)')
    .action(async (file: string | undefined, opts: { departments?: string; policies?: string }) => {
      const files: LedgerFiles = {
        ledger: display(file ?? path.join(SEEDS, 'ledger-2023.json')),
        departments: display(opts.departments ?? ifExists(path.join(SEEDS, 'departments.yaml'))),
        policies: display(opts.policies ?? ifExists(path.join(SEEDS, 'policies.yaml'))),
      };
      const summary = await loadLedger(ctx.db(), files);
      process.stdout.write(formatSummary(summary));
    });
}

interface ExtractOpts {
  format: string;
  assignments?: string;
  departments?: string;
  year?: string;
}

function ifExists(file: string): string | undefined {
  return existsSync(file) ? file : undefined;
}

// Messages name files as the user would type them.
function display<T extends string | undefined>(file: T): T {
  if (file === undefined) return file;
  const relative = path.relative(process.cwd(), path.resolve(file));
  return (relative.startsWith('..') ? path.resolve(file) : relative) as T;
}

function formatSummary(s: LoadSummary): string {
  const line = (
    name: string,
    c: { inserted: number; updated: number; unchanged: number; deleted?: number },
  ) =>
    `${name.padEnd(12)} ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged` +
    (c.deleted === undefined ? '' : `, ${c.deleted} deleted`);
  const lines = [
    line('departments', s.departments),
    line('policies', s.policies),
    line('tasks', s.tasks),
    line('targets', s.targets),
  ];
  const changed =
    [s.departments, s.policies, s.tasks].some((c) => c.inserted + c.updated > 0) ||
    s.targets.inserted + s.targets.updated + s.targets.deleted > 0;
  if (!changed) lines.push('nothing changed');
  if (s.notInFile.length > 0) {
    lines.push(`kept, but no longer in the file: ${s.notInFile.join(', ')}`);
  }
  // Not applied: a started task changes through the office's actions (reassign, extension), not a reload.
  for (const d of s.differsFromRunning) {
    lines.push(`differs from the running task ${d.taskId} (not applied): ${d.fields.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
