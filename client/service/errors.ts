// The errors the API and the CLI report: a stable code, a Chinese message for clerks, an English one, the field.
export type ErrorCode =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'bad_request'
  | 'invalid'
  | 'wrong_state'
  | 'conflict'
  | 'payload_too_large'
  | 'uri_too_long'
  | 'unsupported_media_type'
  | 'headers_too_large'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  wrong_state: 409,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  invalid: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** The JSON body of every error response: `{ error: { code, message, messageEn, field? } }`. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; messageEn: string; field?: string };
}

export class ServiceError extends Error {
  override name = 'ServiceError';
  /** A plain property (not a getter): fastify sets it on the errors it handles. */
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    /** Chinese, for the people who use the system. */
    message: string,
    readonly messageEn: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.statusCode = HTTP_STATUS[code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        messageEn: this.messageEn,
        ...(this.field !== undefined ? { field: this.field } : {}),
      },
    };
  }
}

/** `notFound({ zh: '任务', en: 'task' }, id)`: 任务「x」不存在 / task 'x' not found. */
export const notFound = (what: { zh: string; en: string }, id: string, field?: string) =>
  new ServiceError('not_found', `${what.zh}「${id}」不存在`, `${what.en} '${id}' not found`, field);

export const forbidden = (zh: string, en: string, field?: string) =>
  new ServiceError('forbidden', zh, en, field);
