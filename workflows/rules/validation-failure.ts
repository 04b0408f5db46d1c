// The refusal a validator throws: a non-retryable failure whose details name the field.
import { ApplicationFailure } from '@temporalio/workflow';

export const VALIDATION_ERROR = 'ValidationError';

export interface RefusalDetails {
  field?: string;
  /** A stable machine-readable code: 'wrong_state', 'forbidden', 'invalid', 'not_found'. */
  code: 'wrong_state' | 'forbidden' | 'invalid' | 'conflict';
}

/** Refuses a message with a message a clerk understands (Chinese) and the field it is about. */
export function refuse(message: string, details: RefusalDetails): never {
  throw ApplicationFailure.create({
    type: VALIDATION_ERROR,
    message,
    nonRetryable: true,
    details: [details],
  });
}
