import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Access, Authenticated } from '../auth/access.decorators';
import { RequestHeaders } from '../http/request-headers.decorator';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { ApiRoute, ApiTags } from './api-route.decorator';
import { previewGatewayRoutes } from './gateway-document';
import type { OpenApiRoute } from './openapi-route';
import { openApiRoutesOf } from './openapi-routes';

const Params = z.object({ id: z.uuid() });
const Query_ = z.object({ page: z.coerce.number().optional() });
const Headers_ = z.object({ 'idempotency-key': z.string().optional() });
const Note = z.object({ text: z.string() });

@Controller('notes')
@ApiTags('notes')
@Authenticated()
class NotesController {
  @Post(':id')
  @HttpCode(200)
  @Access('admin')
  @ApiRoute({ summary: 'Write a note', responses: { 200: { description: 'ok', schema: Note } } })
  write(
    @Param(new ZodValidationPipe(Params)) _params: unknown,
    @Query(new ZodValidationPipe(Query_)) _query: unknown,
    @RequestHeaders(new ZodValidationPipe(Headers_)) _headers: unknown,
    @Body(new ZodValidationPipe(Note.optional())) _body: unknown,
  ): void {}

  @Get()
  @ApiRoute({ summary: 'Notes', tags: ['reading'], responses: { 200: { description: 'ok' } } })
  list(): void {}
}

@Controller('undocumented')
class UndocumentedController {
  @Get()
  @Authenticated()
  get(): void {}
}

describe('openApiRoutesOf', () => {
  it('reads method, path, access and the schemas of the validation pipes from Nest metadata', () => {
    const [list, write] = openApiRoutesOf([NotesController]);

    expect(write).toMatchObject({
      method: 'post',
      path: '/notes/:id',
      summary: 'Write a note',
      tags: ['notes'],
      auth: true,
      privileges: ['admin'],
      successStatus: 200,
      bodyOptional: true,
    });
    expect(write?.params).toBe(Params);
    expect(write?.query).toBe(Query_);
    expect(write?.headers).toBe(Headers_);
    expect(write?.body).toBe(Note);
    expect(list).toMatchObject({ method: 'get', path: '/notes', tags: ['reading'] });
    expect(list).not.toHaveProperty('privileges');
    expect(list).not.toHaveProperty('body');
  });

  it('refuses a route without @ApiRoute', () => {
    expect(() => openApiRoutesOf([UndocumentedController])).toThrow(
      'UndocumentedController.get has no @ApiRoute',
    );
  });
});

describe("the gateway's routes", () => {
  let routes: OpenApiRoute[];
  beforeAll(async () => {
    routes = await previewGatewayRoutes();
  });

  it('document the status each handler answers on success', () => {
    const missing = routes
      .filter((route) => !(String(route.successStatus) in route.responses))
      .map((route) => `${route.method} ${route.path}: ${route.successStatus}`);

    expect(missing).toEqual([]);
  });

  it('document a request body wherever a handler validates one, and only the upload as multipart', () => {
    const multipart = routes.filter((route) => route.bodyContentType === 'multipart/form-data');

    expect(multipart.map((route) => route.path)).toEqual(['/schedules/imports']);
    expect(routes.find((route) => route.path === '/auth/refresh')).toMatchObject({
      bodyOptional: true,
      headers: expect.anything() as unknown,
    });
    expect(routes.filter((route) => route.body).length).toBeGreaterThan(15);
  });
});
