/** The one place errors become HTTP responses: a status, a code and a sentence to act on. */
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ServiceError } from '../service/service-errors.js';
import { CollectError } from '../collect/errors.js';
import { SecretError } from '../targets/secret-ref.js';
import { InvalidCursorError } from '../domain/queries.js';
import { TargetPolicyError } from '../targets/target-policy.js';

const STATUS: Record<ServiceError['kind'], number> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 400,
  unauthenticated: 401,
};

export interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof ZodError) {
    const details = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    const where = (d: { path: string; message: string }) => (d.path ? `${d.path}: ${d.message}` : d.message);
    return {
      status: 400,
      body: { error: { code: 'invalid_request', message: details.map(where).join('; '), details } },
    };
  }
  if (error instanceof ServiceError)
    return { status: STATUS[error.kind], body: { error: { code: error.kind, message: error.message } } };
  if (error instanceof TargetPolicyError)
    return { status: 403, body: { error: { code: 'refused_by_policy', message: error.message } } };
  if (error instanceof InvalidCursorError) {
    const details = [{ path: 'cursor', message: error.message }];
    return { status: 400, body: { error: { code: 'invalid_request', message: `cursor: ${error.message}`, details } } };
  }
  if (error instanceof CollectError || error instanceof SecretError) {
    return { status: 400, body: { error: { code: 'invalid_request', message: error.message } } };
  }
  if (error instanceof URIError) {
    return {
      status: 400,
      body: { error: { code: 'invalid_request', message: 'the request has invalid percent-encoding' } },
    };
  }
  const syntax = error as { type?: string; status?: number; message?: string };
  if (syntax?.type === 'entity.parse.failed')
    return {
      status: 400,
      body: { error: { code: 'invalid_json', message: `the body is not valid JSON: ${syntax.message}` } },
    };
  if (syntax?.type === 'entity.too.large')
    return { status: 413, body: { error: { code: 'too_large', message: 'the body is larger than 1 MB' } } };
  if (syntax?.type === 'encoding.unsupported' || syntax?.type === 'charset.unsupported') {
    const message = `${syntax.message}: send the body as JSON in UTF-8, uncompressed or with gzip, deflate or br`;
    return { status: 415, body: { error: { code: 'unsupported_media_type', message } } };
  }
  // Any other client error from express or body-parser (a corrupt gzip body, a bad
  // percent-encoded path, an aborted upload) is the client's: 4xx, not a logged 500.
  const status = syntax?.status ?? (error as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const text = typeof syntax.message === 'string' ? syntax.message.slice(0, 200) : 'bad request';
    return { status, body: { error: { code: 'bad_request', message: `the request could not be read: ${text}` } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'internal error: see the sidecar log' } } };
}

export function errorHandler(log: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) log(error);
    res.status(status).json(body);
  };
}
