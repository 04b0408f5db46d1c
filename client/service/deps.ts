// What the service layer needs: the same for the HTTP API and the CLI.
import type { Client } from '@temporalio/client';
import type { Db } from '../../db/connect';
import type { ClockSpec } from '../../workflows/domain';

export interface ServiceDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** The system's plan clock: start instants and "now" for the ranking. */
  clock: ClockSpec;
}
