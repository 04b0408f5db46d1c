// Maps what Temporal says about an Update to the service's errors: the validator's refusal keeps its
// Chinese message and field; the code decides the HTTP status.
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RefusalDetails } from '../../workflows/rules/validation-failure';
import { ServiceError, type ErrorCode } from './errors';

const VALIDATION_ERROR = 'ValidationError';

export const EN: Record<RefusalDetails['code'], (field?: string) => string> = {
  wrong_state: () => "the task's current status does not allow this action",
  forbidden: (field) => `not allowed for this caller${field ? ` (${field})` : ''}`,
  invalid: (field) => `invalid value${field ? ` for ${field}` : ''}`,
  conflict: (field) =>
    field === 'requestId'
      ? 'requestId was already used for a different request: a retry must repeat it exactly, a new request needs a new id'
      : `conflicts with a pending request${field ? ` (${field})` : ''}`,
};

/** The validator's refusal inside `err`, as a ServiceError; undefined if `err` is something else. */
export function refusalOf(err: unknown): ServiceError | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (!(cause instanceof ApplicationFailure) || cause.type !== VALIDATION_ERROR) return undefined;
  const details = (cause.details?.[0] ?? {}) as Partial<RefusalDetails>;
  const code: ErrorCode =
    details.code === 'wrong_state' ||
    details.code === 'forbidden' ||
    details.code === 'invalid' ||
    details.code === 'conflict'
      ? details.code
      : 'invalid';
  const en = EN[code as RefusalDetails['code']](details.field);
  return new ServiceError(code, cause.message, en, details.field, { cause: err });
}
