// Report text → draft ledger: one task per headline target, section item and sub-item.
import { deadlineOf } from './deadline';
import { normalizeReport } from './normalize';
import { parseOutline, type OutlineItem } from './outline';
import { extractTargets } from './targets';
import type { LedgerTask } from './types';

export interface ExtractOptions {
  /** The plan year when the plan part's heading names none. */
  planYear?: number;
}

/**
 * Reads a government work report and returns its plan part as draft tasks (no departments yet).
 * Ids follow the report's structure: `<year>-0-NN` for the headline targets, `<year>-<section>-NN` for
 * the items of section (N), `<year>-<section>-NN-MM` for their sub-items.
 */
export function extractLedger(report: string, options: ExtractOptions = {}): LedgerTask[] {
  const outline = parseOutline(normalizeReport(report), options);
  const year = outline.planYear;
  const tasks: LedgerTask[] = [];
  const task = (id: string, sectionPath: string[], title: string, source: string): LedgerTask => ({
    id: `${year}-${id}`,
    planYear: year,
    sectionPath,
    title,
    source,
    targets: extractTargets(source),
    deadline: deadlineOf(source, year),
    leadDepartment: null,
    coDepartments: [],
    cadence: 'monthly',
    policy: 'default',
    priority: 'normal',
  });

  outline.headline?.clauses.forEach((clause, i) => {
    tasks.push(task(`0-${pad(i + 1)}`, [outline.headline?.label ?? ''], clause, clause));
  });
  for (const section of outline.sections) {
    section.items.forEach((item: OutlineItem, i) => {
      const itemId = `${section.number}-${pad(i + 1)}`;
      tasks.push(task(itemId, [section.heading], item.title, item.text));
      item.children.forEach((child, j) => {
        tasks.push(task(`${itemId}-${pad(j + 1)}`, [section.heading, item.title], child.title, child.text));
      });
    });
  }
  return tasks;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
