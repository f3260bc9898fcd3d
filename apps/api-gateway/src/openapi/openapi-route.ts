import type { Privilege } from '@medicalink/contracts';
import type { z } from 'zod';
import type { ApiResponse } from './api-route.decorator';

/** One HTTP route as documented in the OpenAPI document; schemas are the zod contracts. */
export interface OpenApiRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Fastify style (`/accounts/:id`); converted to `{id}` in the document */
  path: string;
  summary: string;
  tags: string[];
  /** false for routes reachable without a token */
  auth: boolean;
  /** the privileges allowed, when the route names them (`@Access`) */
  privileges?: string[] | readonly Privilege[];
  /** the status of a success unless the handler sets another (`@HttpCode`, else Nest's default) */
  successStatus?: number;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** request headers the route reads (lower-case names) */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** the body may be left out altogether */
  bodyOptional?: boolean;
  /** default application/json */
  bodyContentType?: string;
  responses: Record<number, ApiResponse>;
}
