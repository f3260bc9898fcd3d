import { RequestMethod, type Type } from '@nestjs/common';
import {
  CUSTOM_ROUTE_ARGS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { MetadataScanner, Reflector } from '@nestjs/core';
import { z } from 'zod';
import { accessPolicyOf } from '../auth/access.decorators';
import { readRequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { API_ROUTE, API_TAGS, type ApiRouteSpec } from './api-route.decorator';
import type { OpenApiRoute } from './openapi-route';
import { byCodeUnits } from './schema-components';

const METHODS = new Set(['get', 'post', 'patch', 'put', 'delete']);

interface RouteArgument {
  index: number;
  data?: unknown;
  pipes?: unknown[];
  factory?: unknown;
}

/**
 * Every HTTP route of these controllers as the OpenAPI document describes it, read from Nest's
 * own metadata: method and path from the route decorators, `auth` and `privileges` from the
 * access policy, the request schemas from the ZodValidationPipes on `@Body`, `@Param`,
 * `@Query` and `@RequestHeaders` (the schemas that validate the request are the ones
 * documented), and summary, tags and responses from `@ApiRoute` next to the handler.
 * A route without `@ApiRoute` is an error: nothing is served undocumented.
 */
export function openApiRoutesOf(controllers: readonly Type<unknown>[]): OpenApiRoute[] {
  const reflector = new Reflector();
  const scanner = new MetadataScanner();
  const routes = controllers.flatMap((controller) => {
    const prototype = controller.prototype as Record<string, (...args: never[]) => unknown>;
    const prefixes = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
    return scanner.getAllMethodNames(prototype).flatMap((name) => {
      const handler = prototype[name]!;
      const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (paths === undefined) return []; // not an HTTP route (e.g. an event handler)
      const method = String(
        RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number],
      ).toLowerCase() as OpenApiRoute['method'];
      const where = `${controller.name}.${name}`;
      if (!METHODS.has(method)) throw new Error(`${where}: ${method} is not documented`);
      const spec = reflector.get<ApiRouteSpec | undefined>(API_ROUTE, handler);
      if (!spec) throw new Error(`${where} has no @ApiRoute: document it next to the handler`);
      const policy = accessPolicyOf(reflector, handler, controller);
      const request = requestSchemas(controller, name, where);
      const route: Omit<OpenApiRoute, 'path'> = {
        method,
        summary: spec.summary,
        tags: spec.tags ?? reflector.get<string[] | undefined>(API_TAGS, controller) ?? [],
        auth: policy?.kind !== 'public',
        ...(policy?.kind === 'privileges' ? { privileges: [...policy.privileges] } : {}),
        successStatus:
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
          (method === 'post' ? 201 : 200),
        ...request,
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body
          ? { body: spec.body.schema, bodyContentType: spec.body.contentType, bodyOptional: false }
          : {}),
        responses: spec.responses,
      };
      return prefixes.flatMap((prefix) =>
        [paths].flat().map((path) => ({ ...route, path: joinPath(prefix, path) })),
      );
    });
  });
  return routes.sort((a, b) => byCodeUnits(a.path, b.path));
}

/** The schemas of the ZodValidationPipes on the handler's parameters, by where they read. */
function requestSchemas(controller: Type<unknown>, method: string, where: string) {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
    string,
    RouteArgument
  >;
  const found: Pick<OpenApiRoute, 'params' | 'query' | 'headers' | 'body' | 'bodyOptional'> = {};
  for (const [key, argument] of Object.entries(args)) {
    const schema = argument.pipes?.find((pipe) => pipe instanceof ZodValidationPipe)?.schema as
      z.ZodType | undefined;
    if (!schema) continue;
    if (argument.data !== undefined) {
      throw new Error(`${where}: validate the whole object, not one property of it`);
    }
    const type = key.includes(CUSTOM_ROUTE_ARGS_METADATA)
      ? argument.factory === readRequestHeaders
        ? RouteParamtypes.HEADERS
        : undefined
      : Number(key.split(':')[0]);
    if (type === RouteParamtypes.BODY) {
      const optional = schema instanceof z.ZodOptional;
      found.body = optional ? (schema.unwrap() as z.ZodType) : schema;
      found.bodyOptional = optional;
    } else if (type === RouteParamtypes.PARAM) found.params = objectSchema(schema, where);
    else if (type === RouteParamtypes.QUERY) found.query = objectSchema(schema, where);
    else if (type === RouteParamtypes.HEADERS) found.headers = objectSchema(schema, where);
    else throw new Error(`${where}: a ZodValidationPipe on a parameter the document cannot place`);
  }
  return found;
}

function objectSchema(schema: z.ZodType, where: string): z.ZodObject {
  if (schema instanceof z.ZodObject) return schema;
  throw new Error(`${where}: params, query and headers must be validated by a zod object`);
}

function joinPath(prefix: string, path: string): string {
  return `/${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
}
