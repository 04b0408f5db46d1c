// Rows written before the read model stored the public view get it from the state they hold, once, when the
// migrations run (db/task-views-backfill.ts); a row a workflow rewrote meanwhile is left as the workflow wrote it.
import { migrateToLatest } from '../../db/migrate';
import { storedView } from '../../db/task-view';
import { backfillTaskViews } from '../../db/task-views-backfill';
import { stateTemplate } from '../bench/p5-seed';
import { insertTask, useCatalogDatabase } from '../support/fixtures';

const tdb = useCatalogDatabase();

const plain = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

test('a row with a state and no view gets the view of its state; drafts, written views and unreadable states are left alone', async () => {
  const { db } = tdb;
  const state = { ...stateTemplate(2), taskId: 'bf-old' };
  await insertTask(db, { id: 'bf-old' });
  await insertTask(db, { id: 'bf-draft' });
  await insertTask(db, { id: 'bf-new' });
  await insertTask(db, { id: 'bf-odd' });
  // As the read model wrote rows before the view existed: a state, no view.
  await db
    .updateTable('tasks')
    .set({ state: JSON.stringify(state), seq: state.seq })
    .where('id', '=', 'bf-old')
    .execute();
  const written = {
    ...(plain(storedView({ ...state, taskId: 'bf-new' })) as object),
    title: 'written by a workflow',
  };
  await db
    .updateTable('tasks')
    .set({ state: JSON.stringify(state), view: JSON.stringify(written) })
    .where('id', '=', 'bf-new')
    .execute();

  // A state this code cannot read as a task's: left without a view, named, and no start is stopped by it.
  await db
    .updateTable('tasks')
    .set({ state: JSON.stringify({ odd: true }) })
    .where('id', '=', 'bf-odd')
    .execute();

  expect(await backfillTaskViews(db)).toEqual({ filled: 1, unreadable: ['bf-odd'] });
  const rows = await db
    .selectFrom('tasks')
    .select(['id', 'view'])
    .where('id', 'like', 'bf-%')
    .orderBy('id')
    .execute();
  expect(rows).toEqual([
    { id: 'bf-draft', view: null },
    { id: 'bf-new', view: written },
    { id: 'bf-odd', view: null },
    { id: 'bf-old', view: plain(storedView(state)) },
  ]);
  // Run again (every worker start runs the migrations): nothing left to fill.
  await migrateToLatest(db);
  expect(await backfillTaskViews(db)).toEqual({ filled: 0, unreadable: ['bf-odd'] });
});
