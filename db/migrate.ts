// Runs the timestamp-named migrations in db/migrations, in name order.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, type MigrationResult } from 'kysely';
import type { Db } from './connect';
import { backfillTaskViews } from './task-views-backfill';

/** Brings the schema to the latest migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: path.join(__dirname, 'migrations') }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  const failed = results.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? '(setup)'} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // Data the application brings up to the new schema (it needs live code, which a migration may not import).
  const views = await backfillTaskViews(db);
  if (views.unreadable.length)
    process.emitWarning(
      `tasks without a view: their stored state is not readable as a task's (${views.unreadable.slice(0, 10).join(', ')}${views.unreadable.length > 10 ? ', …' : ''})`,
    );
  return results;
}
