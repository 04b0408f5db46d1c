// A fresh database per test file, cloned from the migrated template (fast, and isolated from dev data).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../db/connect';

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** `fn` with a client on the maintenance database of the server `anyUrl` points at. */
export async function admin<T>(anyUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(anyUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const templateUrl = process.env.DUBAN_TEST_TEMPLATE_URL;
  if (!templateUrl)
    throw new Error('DUBAN_TEST_TEMPLATE_URL is not set: run the tests through jest (global-setup)');
  const template = new URL(templateUrl).pathname.slice(1);
  const name = `duban_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await admin(templateUrl, (c) =>
    c.query(`create database ${name} template ${pg.escapeIdentifier(template)}`),
  );
  const url = new URL(templateUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.destroy();
      await admin(templateUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
