// What CLI commands share: validated config, and lazily opened Postgres and Temporal connections.
import { Client, Connection } from '@temporalio/client';
import { createDb, type Db } from '../../db/connect';
import { getOrCreateClock } from '../../db/queries/clock';
import { loadConfig, type Config } from '../../worker/config';
import { temporalAddress, temporalConnectionOptions } from '../../worker/temporal-connection';
import type { ClockSpec } from '../../workflows/domain';

export interface CliContext {
  config(): Config;
  db(): Db;
  temporal(): Promise<Client>;
  /** The system's plan clock (stored in Postgres on first use). */
  clock(): Promise<ClockSpec>;
  close(): Promise<void>;
}

export function createCliContext(): CliContext {
  let config: Config | undefined;
  let db: Db | undefined;
  let connection: Connection | undefined;
  let client: Client | undefined;
  const ctx: CliContext = {
    config: () => (config ??= loadConfig()),
    db: () => (db ??= createDb(ctx.config().database.url, { max: 4 })),
    async temporal() {
      if (!client) {
        const cfg = ctx.config();
        const address = temporalAddress(cfg);
        try {
          connection = await Connection.connect({
            ...temporalConnectionOptions(cfg, address),
            connectTimeout: 5000,
          });
        } catch (err) {
          throw new Error(
            `cannot reach Temporal at ${address} (is \`duban up\` running?): ${(err as Error).message}`,
            {
              cause: err,
            },
          );
        }
        client = new Client({ connection, namespace: cfg.temporal.namespace });
      }
      return client;
    },
    async clock() {
      const cfg = ctx.config();
      return getOrCreateClock(ctx.db(), {
        planEpochMs: Date.parse(cfg.clock.planStart),
        realEpochMs: Date.now(),
        speed: cfg.clock.speed,
      });
    },
    async close() {
      await connection?.close().catch(() => undefined);
      await db?.destroy().catch(() => undefined);
    },
  };
  return ctx;
}
