// Every error leaves the API as `{ error: { code, message, messageEn, field? } }`; nothing else escapes.
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ServiceError as TemporalServiceError } from '@temporalio/client';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ServiceError, type ErrorCode } from '../service/errors';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable machine-readable code, e.g. wrong_state, invalid, forbidden'),
      message: z.string().describe('中文说明'),
      messageEn: z.string().describe('English explanation'),
      field: z.string().optional().describe('the request field the error is about'),
    }),
  })
  .describe('Error');

const BY_FASTIFY_CODE: Record<string, [ErrorCode, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', '请求体过大', 'request body too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    'unsupported_media_type',
    '不支持的内容类型，请使用 application/json',
    'unsupported Content-Type: send application/json',
  ],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    'bad_request',
    '请求头 Content-Length 与请求体不符',
    'Content-Length does not match the body',
  ],
  FST_ERR_CTP_INVALID_JSON_BODY: ['bad_request', '请求体不是合法的 JSON', 'the body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['bad_request', '请求体不能为空', 'the body must not be empty'],
  FST_ERR_BAD_URL: ['bad_request', '网址中有无法解码的字符', 'the URL holds a malformed %-escape'],
  FST_ERR_MAX_PARAM_LENGTH: ['uri_too_long', '网址中的编号过长', 'a path segment of the URL is too long'],
};

const BY_STATUS: Record<number, [ErrorCode, string, string]> = {
  400: ['bad_request', '请求格式错误', 'malformed request'],
  401: ['unauthorized', '未登录或令牌无效', 'missing or invalid token'],
  403: ['forbidden', '无权访问', 'forbidden'],
  404: ['not_found', '不存在', 'not found'],
  405: ['method_not_allowed', '不支持该请求方法', 'method not allowed'],
  413: ['payload_too_large', '请求体过大', 'request body too large'],
  414: ['uri_too_long', '网址过长', 'URI too long'],
  415: ['unsupported_media_type', '不支持的内容类型', 'unsupported media type'],
  429: ['rate_limited', '请求过于频繁', 'too many requests'],
};

/** The ServiceError an arbitrary thrown value stands for. */
export function toServiceError(err: unknown): ServiceError {
  if (err instanceof ServiceError) return err;
  if (err instanceof TemporalServiceError) {
    return new ServiceError(
      'unavailable',
      '流程引擎暂时不可用，请稍后重试',
      'the workflow service is unavailable, retry later',
      undefined,
      {
        cause: err,
      },
    );
  }
  const e = err as Partial<FastifyError> & { status?: number };
  const known = e.code ? BY_FASTIFY_CODE[e.code] : undefined;
  if (known) return new ServiceError(known[0], known[1], known[2], undefined, { cause: err });
  const status = e.statusCode ?? e.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const [code, zh, en] = BY_STATUS[status] ?? BY_STATUS[400]!;
    return new ServiceError(code, zh, e.message ? `${en}: ${e.message}` : en, undefined, { cause: err });
  }
  return new ServiceError('internal', '服务器内部错误', 'internal server error', undefined, { cause: err });
}

/** What every /api response carries, errors included: nothing is cached, nothing is sniffed. */
export const API_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export const isApiUrl = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/** Requests Node's HTTP parser rejects (e.g. raw non-ASCII in the URL) never reach fastify: same error shape. */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, e] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, new ServiceError('bad_request', '请求超时', 'request timeout')]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, new ServiceError('headers_too_large', '请求头过大', 'request headers too large')]
        : [
            400,
            new ServiceError(
              'bad_request',
              '请求格式错误（例如网址中有未编码的字符）',
              'malformed HTTP request (e.g. unencoded characters in the URL)',
            ),
          ];
  const body = JSON.stringify(e.toBody());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      Object.entries(API_HEADERS)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('') +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** How the dashboard answers an error on one of its own URLs (a page for people); see setErrorPage. */
type ErrorPage = (err: ServiceError, req: FastifyRequest, reply: FastifyReply) => unknown;
const errorPages = new WeakMap<FastifyInstance, ErrorPage>();

/** What a request outside /api/ gets instead of the API's JSON error (set by the dashboard). */
export function setErrorPage(app: FastifyInstance, render: ErrorPage): void {
  errorPages.set(app, render);
}

/**
 * Answers `err`: the documented `{ error: { … } }` shape under /api, the dashboard's page elsewhere. Also what
 * fastify's router calls for URLs it cannot route (a malformed %-escape, an over-long id): same shape.
 */
export function sendError(err: unknown, req: FastifyRequest, reply: FastifyReply): unknown {
  const e = toServiceError(err);
  if (e.statusCode >= 500) req.log.error({ err }, 'request failed');
  const page = errorPages.get(req.server);
  if (page && !isApiUrl(req.url)) return page(e, req, reply);
  return reply.code(e.statusCode).headers(API_HEADERS).send(e.toBody());
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler(sendError);
  app.setNotFoundHandler((req, reply) => {
    const e = isApiUrl(req.url)
      ? new ServiceError(
          'not_found',
          '接口不存在',
          `no such endpoint: ${req.method} ${req.url.split('?')[0]}`,
        )
      : new ServiceError('not_found', '页面不存在', 'no such page');
    return sendError(e, req, reply);
  });
}
