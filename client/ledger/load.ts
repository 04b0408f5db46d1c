// `ledger load`: validate the ledger, departments and policies files, then write them in one transaction.
import type { Db } from '../../db/connect';
import {
  catalogKeys,
  lockCatalog,
  startedTasks,
  syncTargets,
  upsertDepartments,
  upsertPolicies,
  upsertTasks,
  type TargetCounts,
  type UpsertCounts,
} from '../../db/queries/ledger.repository';
import { parseDepartments, type Department } from './departments';
import { parseJson, parseYaml, readText } from './files';
import { parseLedger } from './ledger-file';
import { parsePolicies, type Policy } from './policies';
import { runningDifferences, type RunningDifference } from './running-differences';

export interface LedgerFiles {
  ledger: string;
  departments?: string;
  policies?: string;
}

export interface LoadSummary {
  departments: UpsertCounts;
  policies: UpsertCounts;
  tasks: UpsertCounts;
  targets: TargetCounts;
  /** Tasks in the database that the file no longer lists: kept (they may be running), reported. */
  notInFile: string[];
  /** Started tasks whose file entry differs from the running task: not applied, reported. */
  differsFromRunning: RunningDifference[];
}

/** Reads a JSON or YAML file by its extension. */
export async function readDataFile(file: string): Promise<unknown> {
  const text = await readText(file);
  return /\.ya?ml$/i.test(file) ? parseYaml(file, text) : parseJson(file, text);
}

/**
 * Loads the files into the catalog. Everything is checked before the first write and all writes share one
 * transaction: a bad file writes nothing. Re-loading the same files changes no row.
 */
export async function loadLedger(db: Db, files: LedgerFiles): Promise<LoadSummary> {
  const departments: Department[] = files.departments
    ? parseDepartments(files.departments, await readDataFile(files.departments))
    : [];
  const policies: Policy[] = files.policies
    ? parsePolicies(files.policies, await readDataFile(files.policies))
    : [];
  const ledger = await readDataFile(files.ledger);

  return db.transaction().execute(async (trx) => {
    await lockCatalog(trx);
    const keys = await catalogKeys(trx);
    const knownPolicies = new Set([...keys.policies, ...policies.map((p) => p.name)]);
    const tasks = parseLedger(files.ledger, ledger, {
      departments: new Set([...keys.departments, ...departments.map((d) => d.code)]),
      policies: knownPolicies.size > 0 ? knownPolicies : undefined,
    });
    const catalog = tasks.map((t) => ({
      ...t,
      // Validation has made sure every task has a lead department.
      leadDepartment: t.leadDepartment as string,
      targets: t.targets.map(({ metric, value, unit, comparator, tentative }) => ({
        metric,
        value,
        unit,
        comparator,
        tentative,
      })),
    }));
    const inFile = new Set(tasks.map((t) => t.id));
    // A started task belongs to its workflow: the file may only create tasks and change those not started.
    const started = await startedTasks(
      trx,
      catalog.map((t) => t.id),
    );
    const startedIds = new Set(started.map((t) => t.id));
    const notStarted = catalog.filter((t) => !startedIds.has(t.id));
    // Departments and policies first: the tasks refer to them.
    const departmentCounts = await upsertDepartments(trx, departments);
    const policyCounts = await upsertPolicies(trx, policies);
    const taskCounts = await upsertTasks(trx, notStarted);
    return {
      departments: departmentCounts,
      policies: policyCounts,
      tasks: { ...taskCounts, unchanged: taskCounts.unchanged + started.length },
      targets: await syncTargets(trx, notStarted),
      notInFile: keys.tasks.filter((id) => !inFile.has(id)).sort(),
      differsFromRunning: runningDifferences(catalog, started),
    };
  });
}
