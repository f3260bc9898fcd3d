import { Controller, Get, Module, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import {
  DiscoveryModule,
  DiscoveryService,
  MetadataScanner,
  NestFactory,
  Reflector,
} from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MessagingModule,
  type AmqpConnection,
  type EventPublisher,
  type RpcClient,
} from '@medicalink/messaging';
import { createLogger } from '@medicalink/observability';
import { AppContextModule } from '@medicalink/runtime';
import { AppModule } from './app.module';
import { accessPolicyOf, type ResolvedAccessPolicy } from './auth/access.decorators';
import { NO_POLICY_MESSAGE } from './auth/auth.guard';
import { signJwt } from './auth/jwt';
import { loadGatewayConfig } from './config';
import { openApiRoutesOf } from './openapi/openapi-routes';

/** Routes runService adds to every app outside AppModule (the gateway serves its own /metrics). */
const RUNTIME_ROUTES: string[] = [];
const SECRET = 'cm91dGVzLXRlc3Qtc2VjcmV0LTAxMjM0NTY3ODlhYmNkZWYteHl6LWtleQ==';
const SOME_ID = '3f1c2a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f';

/** A controller in another module that forgot its access decorator. */
@Controller('probe-unmarked')
class UnmarkedController {
  @Get()
  open(): string {
    return 'should never be served';
  }
}
@Module({ controllers: [UnmarkedController] })
class ProbeModule {}

interface RouteHandler {
  route: string;
  controller: Type<unknown>;
  policy: ResolvedAccessPolicy | undefined;
}

let app: NestFastifyApplication;
const registered: string[] = [];
let handlers: RouteHandler[];

beforeAll(async () => {
  // Nothing here reaches RabbitMQ: the stubs are never called, since every request
  // below is refused by the guard first. Redis points at a closed port.
  const env = loadGatewayConfig({
    JWT_SECRET: SECRET,
    REDIS_URL: 'redis://127.0.0.1:1',
    LOG_LEVEL: 'silent',
  });
  @Module({
    imports: [
      MessagingModule.forRoot({
        connection: {} as AmqpConnection,
        rpcClient: {} as RpcClient,
        eventPublisher: {} as EventPublisher,
      }),
      DiscoveryModule,
      AppContextModule.forRoot({
        config: env,
        logger: createLogger({ service: 'routes-test', level: 'silent' }),
      }),
      AppModule,
      ProbeModule,
    ],
  })
  class TestRootModule {}

  const adapter = new FastifyAdapter();
  adapter.getInstance().addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD' && method !== 'OPTIONS') registered.push(`${method} ${route.url}`);
    }
  });
  app = await NestFactory.create<NestFastifyApplication>(TestRootModule, adapter, {
    logger: false,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  handlers = routeHandlers(app);
});

afterAll(async () => {
  await app?.close();
});

/** Every HTTP route handler of every controller, with its path and access policy, from Nest's metadata. */
function routeHandlers(nest: NestFastifyApplication): RouteHandler[] {
  const reflector = nest.get(Reflector);
  const scanner = new MetadataScanner();
  return nest
    .get(DiscoveryService)
    .getControllers()
    .flatMap(({ metatype }) => {
      const controller = metatype as Type<unknown>;
      const prototype = controller.prototype as Record<string, (...args: never[]) => unknown>;
      const base = [Reflect.getMetadata(PATH_METADATA, controller) as string | string[]].flat();
      return scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name]!;
        const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (paths === undefined) return []; // not an HTTP route (e.g. an RPC handler)
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const policy = accessPolicyOf(reflector, handler, controller);
        return base.flatMap((prefix) =>
          [paths].flat().map((path) => ({
            route: `${method} ${`/${prefix}/${path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1')}`,
            controller,
            policy,
          })),
        );
      });
    });
}

/** Calls `METHOD /path` with SOME_ID for every path parameter (and an empty body but for GET). */
function injectRoute(route: string, headers: Record<string, string> = {}) {
  const [method, path] = route.split(' ') as [string, string];
  return app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: method as 'GET',
      url: path.replace(/:\w+/g, SOME_ID),
      headers,
      payload: method === 'GET' ? undefined : {},
    });
}

/** The routes the OpenAPI document describes, read from the same controllers' metadata. */
const documentedRoutes = () =>
  openApiRoutesOf([...new Set(gatewayHandlers().map((handler) => handler.controller))]);
const documented = () =>
  documentedRoutes().map((route) => `${route.method.toUpperCase()} ${route.path}`);
const gatewayHandlers = () =>
  handlers.filter((handler) => handler.controller !== UnmarkedController);

describe('gateway routes', () => {
  it('finds the routes of every module', () => {
    expect(gatewayHandlers().map((handler) => handler.route)).toEqual(
      expect.arrayContaining(['GET /health', 'POST /auth/login', 'PATCH /accounts/:id']),
    );
    expect(registered.sort()).toEqual(handlers.map((handler) => handler.route).sort());
  });

  it('gives every route handler of every gateway controller an access policy', () => {
    const unguarded = gatewayHandlers()
      .filter((handler) => handler.policy === undefined)
      .map((handler) => `${handler.controller.name}: ${handler.route}`);

    expect(unguarded).toEqual([]);
  });

  it('documents every served route with @ApiRoute, and serves every documented route', () => {
    const served = [
      ...registered.filter((route) => !route.includes('probe-unmarked')),
      ...RUNTIME_ROUTES,
    ];

    expect(served.sort()).toEqual(documented().sort());
  });

  it('marks exactly the public routes as auth: false in the OpenAPI document', () => {
    const publicRoutes = [
      ...gatewayHandlers()
        .filter((handler) => handler.policy?.kind === 'public')
        .map((handler) => handler.route),
      ...RUNTIME_ROUTES,
    ];

    expect(publicRoutes.sort()).toEqual(
      documentedRoutes()
        .filter((route) => !route.auth)
        .map((route) => `${route.method.toUpperCase()} ${route.path}`)
        .sort(),
    );
  });

  it('answers 401 with a Bearer challenge on every token route when no token is sent', async () => {
    const tokenRoutes = gatewayHandlers().filter((handler) => handler.policy?.kind !== 'public');
    expect(tokenRoutes.length).toBeGreaterThan(0);

    for (const { route } of tokenRoutes) {
      const response = await injectRoute(route);
      expect({ route, status: response.statusCode }).toEqual({ route, status: 401 });
      expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
    }
  });

  it('refuses an owner on every route that names the privileges allowed, unless owner is among them', async () => {
    const token = signJwt({ sub: SOME_ID, email: 'o@x.co', privilege: 'owner' }, SECRET, {
      expiresInSec: 60,
    });
    const restricted = gatewayHandlers().filter(
      ({ policy }) => policy?.kind === 'privileges' && !policy.privileges.includes('owner'),
    );
    expect(restricted.map((handler) => handler.route)).toEqual(
      expect.arrayContaining(['POST /accounts', 'GET /metrics']),
    );

    for (const { route } of restricted) {
      const response = await injectRoute(route, { authorization: `Bearer ${token}` });
      expect({ route, status: response.statusCode }).toEqual({ route, status: 403 });
    }
  });

  it('refuses a route without an access policy in any module, even with a valid token', async () => {
    const token = signJwt({ sub: SOME_ID, email: 'm@x.co', privilege: 'main' }, SECRET, {
      expiresInSec: 60,
    });

    const response = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: '/probe-unmarked',
        headers: { authorization: `Bearer ${token}` },
      });

    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ statusCode: 403, message: NO_POLICY_MESSAGE });
  });
});
