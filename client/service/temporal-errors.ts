// Maps a task's refusal of an Update (send-update.ts) to the service's errors: the validator's refusal keeps its
// Chinese message and field; the code decides the HTTP status.
import type { TaskActionError } from '../tasks/send-update';
import type { RefusalDetails } from '../../workflows/rules/validation-failure';
import { ServiceError } from './errors';

export const EN: Record<RefusalDetails['code'], (field?: string) => string> = {
  wrong_state: () => "the task's current status does not allow this action",
  forbidden: (field) => `not allowed for this caller${field ? ` (${field})` : ''}`,
  invalid: (field) => `invalid value${field ? ` for ${field}` : ''}`,
  conflict: (field) =>
    field === 'requestId'
      ? 'requestId was already used for a different request: a retry must repeat it exactly, a new request needs a new id'
      : `conflicts with a pending request${field ? ` (${field})` : ''}`,
};

/** A task's refusal (kind `refused`) as a ServiceError (a code the workflow does not know is `invalid`). */
export function refusalOf(err: TaskActionError): ServiceError {
  const code: RefusalDetails['code'] = err.code !== 'not_found' && err.code in EN ? err.code : 'invalid';
  return new ServiceError(code, err.message, EN[code](err.field), err.field, { cause: err });
}
