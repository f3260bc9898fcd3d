import type { z } from 'zod';

/** One HTTP route as documented in the OpenAPI document; schemas are the zod contracts. */
export interface OpenApiRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Fastify style (`/accounts/:id`); converted to `{id}` in the document */
  path: string;
  summary: string;
  tags: string[];
  /** false for routes reachable without a token */
  auth: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** request headers the route reads (lower-case names) */
  headers?: z.ZodObject;
  body?: z.ZodType;
  /** the body may be left out altogether */
  bodyOptional?: boolean;
  /** default application/json */
  bodyContentType?: string;
  responses: Record<number, { description: string; schema?: z.ZodType; contentType?: string }>;
}
