import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_ROUTE = 'medicalink:api-route';
export const API_TAGS = 'medicalink:api-tags';

export interface ApiResponse {
  description: string;
  schema?: z.ZodType;
  /** default application/json */
  contentType?: string;
}

/**
 * What the OpenAPI document says of a route beyond what Nest already knows: its method and
 * path, access policy and the zod schemas of the ZodValidationPipes on its parameters are
 * read from the handler itself (openapi-routes.ts).
 */
export interface ApiRouteSpec {
  summary: string;
  /** default: the controller's @ApiTags */
  tags?: string[];
  responses: Record<number, ApiResponse>;
  /** request headers the handler reads without a validation pipe (lower-case names) */
  headers?: z.ZodObject;
  /** a body the handler reads without a validation pipe (the multipart upload) */
  body?: { schema: z.ZodType; contentType: string };
}

/** Documents a route next to its handler: `@ApiRoute({ summary, responses: { 200: ... } })`. */
export const ApiRoute = (spec: ApiRouteSpec) => SetMetadata<string, ApiRouteSpec>(API_ROUTE, spec);

/** The OpenAPI tags of every route of a controller. */
export const ApiTags = (...tags: [string, ...string[]]) =>
  SetMetadata<string, string[]>(API_TAGS, tags);

/** The 400 of a route whose body failed validation (the ZodValidationPipe's answer). */
export const INVALID_BODY: ApiResponse = {
  description: 'invalid body; `errors` names the fields',
};
