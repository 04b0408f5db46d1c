// Which requests a task has applied: scoped keys for its whole life, and the bare ids of older messages.
import type { Message, RequestSeen } from '../definitions';
import type { TaskState } from '../domain';
import { refuse } from './validation-failure';

/** 'repeat' for a request applied before, 'conflict' for its key reused by a different request, else 'new'. */
export function requestSeen(
  applied: ReadonlyMap<string, string>,
  state: Pick<TaskState, 'requestIds'>,
  m: Pick<Message, 'requestId' | 'idempotency'>,
): RequestSeen {
  if (m?.idempotency) {
    const fingerprint = applied.get(m.idempotency.key);
    if (fingerprint !== undefined) return fingerprint === m.idempotency.fingerprint ? 'repeat' : 'conflict';
  }
  // Ids applied before they were scoped stay readable (that list no longer grows): a retry that spans the
  // upgrade is still a repeat.
  return typeof m?.requestId === 'string' && state.requestIds.includes(m.requestId) ? 'repeat' : 'new';
}

export const REUSED_REQUEST_ID =
  '请求编号（requestId）已用于另一项不同的请求；重发请求须与原请求完全一致，新的请求请使用新的编号';

/** The same request id sent again for something else: refused, so nothing is silently dropped. */
export function refuseReusedRequestId(): never {
  refuse(REUSED_REQUEST_ID, { field: 'requestId', code: 'conflict' });
}
