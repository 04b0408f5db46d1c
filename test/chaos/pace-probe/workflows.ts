// The pace probe's workflow: the least a workflow can be, so a round trip measures the server, the worker
// and the machine, not duban.

/** Starts, completes in its first workflow task. */
export async function paceProbeWorkflow(): Promise<number> {
  return 1;
}
