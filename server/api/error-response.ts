/** The one place errors become HTTP responses: a status, a code and a sentence to act on. */
import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { ServiceError } from '../service/service-errors.js';
import { CollectError } from '../collect/errors.js';
import { SecretError } from '../targets/secret-ref.js';
import { InvalidCursorError } from '../domain/queries.js';

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
  if (error instanceof CollectError || error instanceof SecretError || error instanceof InvalidCursorError) {
    return { status: 400, body: { error: { code: 'invalid_request', message: error.message } } };
  }
  const syntax = error as { type?: string; status?: number; message?: string };
  if (syntax?.type === 'entity.parse.failed')
    return {
      status: 400,
      body: { error: { code: 'invalid_json', message: `the body is not valid JSON: ${syntax.message}` } },
    };
  if (syntax?.type === 'entity.too.large')
    return { status: 413, body: { error: { code: 'too_large', message: 'the body is larger than 1 MB' } } };
  return { status: 500, body: { error: { code: 'internal', message: 'internal error: see the sidecar log' } } };
}

export function errorHandler(log: (error: unknown) => void): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    const { status, body } = toErrorResponse(error);
    if (status >= 500) log(error);
    res.status(status).json(body);
  };
}
