/**
 * A route is declared once, with its input schemas: the same declaration
 * validates requests (400 with the exact field), mounts the express handler
 * and feeds the OpenAPI document, so the document cannot drift from the code.
 */
import type { z } from 'zod';
import type { Identity } from '../service/identity.js';
import type { ReadService } from '../service/read-service.js';
import type { WriteService } from '../service/write-service.js';

export interface Services {
  read: ReadService;
  write: WriteService;
}

export interface RouteContext<P, Q, B> {
  identity: Identity;
  params: P;
  query: Q;
  body: B;
  services: Services;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  /** For exports: a file body with its content type. */
  contentType?: string;
  filename?: string;
}

// any, not unknown: routes of every parameter, query and body shape share one list (the router's input).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Route<P = any, Q = any, B = any> {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express path under /api/v1, e.g. /targets/:id. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** What a successful call answers (api/response-schemas.ts); documented in the OpenAPI document. */
  response?: z.ZodType;
  /** 200 unless said otherwise. */
  status?: number;
  handler(context: RouteContext<P, Q, B>): Promise<RouteResult>;
}

export const defineRoute = <P, Q, B>(route: Route<P, Q, B>): Route<P, Q, B> => route;
