// The one way to open the database: a Kysely instance over a pg pool.
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';

// Dates stay 'YYYY-MM-DD' strings (no time-zone shift); numeric stays a string (no precision loss).
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

export type Db = Kysely<Database>;

/** Opens a pooled connection to `url`; close it with `db.destroy()`. */
export function createDb(url: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  // Nor may a checked-out one (inside a transaction, between statements) when the server ends its connection
  // (a restart): the pool listens only to idle clients. The statement in flight still fails with the error,
  // and the pool discards the broken client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
