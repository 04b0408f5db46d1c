// Real Temporal for the browser tests, in a namespace of the file's own: the dashboard shows real ledger
// ids (2023-1-01 …), and workflow ids derived from them must not meet other test files' workflows on the
// shared dev server.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import type { ActivityDeps } from '../../activities';
import { ensureSearchAttributes } from '../../worker/search-attributes';
import { startTemporalKit, testTemporalAddress, type TemporalKit } from './temporal';
import { waitUntil } from './wait';

/** Registers a fresh namespace (with the project's search attributes) and runs a worker in it. */
export async function startNamespacedKit(deps: ActivityDeps): Promise<TemporalKit> {
  const namespace = `web-${randomUUID().slice(0, 8)}`;
  const connection = await Connection.connect({ address: testTemporalAddress() });
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  // A new namespace takes a moment to be known everywhere in the server (a failed attempt counts as "not yet").
  await waitUntil(
    `namespace ${namespace} to accept the search attributes`,
    () => ensureSearchAttributes(connection, namespace),
    () => true,
    { everyMs: 200 },
  );
  return startTemporalKit(deps, { namespace, connection, queuePrefix: 'web' });
}
