// Creates the database named in a URL when it does not exist yet.
import pg from 'pg';
import { redactSecrets, redactUrl } from '../worker/redact';

/** Connects to the server's maintenance database and creates `url`'s database if missing. */
export async function ensureDatabase(url: string): Promise<'created' | 'exists'> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${redactUrl(url)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return 'exists';
    try {
      await client.query(`create database ${pg.escapeIdentifier(name)}`);
    } catch (err) {
      // Another process created it between our check and our create.
      if ((err as { code?: string }).code === '42P04') return 'exists';
      throw err;
    }
    return 'created';
  } catch (err) {
    throw new Error(`cannot reach Postgres at ${redactUrl(url)}: ${redactSecrets((err as Error).message)}`, {
      cause: err,
    });
  } finally {
    await client.end().catch(() => undefined);
  }
}
