import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@medicalink/observability';
import { CONSOLE_SECURITY_HEADERS, consoleCsp } from './console-headers';
import {
  CSP_NONCE_PLACEHOLDER,
  findConsoleDir,
  loadConsoleBuild,
  type ConsoleBuild,
  type ConsoleFile,
} from './console-files';

export const CONSOLE_BASE = '/console';

/**
 * Serves the web console at /console/ from its build: known files by name (precompressed when
 * the build made .br/.gz copies), and index.html for every other path below /console/ so deep
 * links work; a missing asset is a 404, never the page. Not rate-limited: static files cost no
 * Redis round trip, and the API calls the page makes are limited as usual.
 */
export async function installConsole(
  fastify: FastifyInstance,
  options: { dir?: string | undefined; logger: Pick<Logger, 'info' | 'warn'> },
): Promise<void> {
  const dir = findConsoleDir(options.dir);
  const build = dir ? loadConsoleBuild(dir) : undefined;
  if (build)
    options.logger.info({ dir, files: build.files.size }, 'serving the web console at /console/');
  else
    options.logger.warn(
      { dir: options.dir ?? 'apps/web/dist' },
      'the web console is not built (npm run build): /console/ answers 404',
    );

  const routeOptions = { config: { rateLimit: false } };
  fastify.get(CONSOLE_BASE, routeOptions, (_request, reply) =>
    reply.headers(CONSOLE_SECURITY_HEADERS).redirect(`${CONSOLE_BASE}/`, 308),
  );
  fastify.get(`${CONSOLE_BASE}/*`, routeOptions, (request, reply) => serve(build, request, reply));
}

function serve(build: ConsoleBuild | undefined, request: FastifyRequest, reply: FastifyReply) {
  void reply.headers(CONSOLE_SECURITY_HEADERS);
  if (!build) {
    return reply
      .code(404)
      .type('text/plain; charset=utf-8')
      .send('The web console is not built. Run `npm run build`, then restart the gateway.\n');
  }
  const path = (request.params as { '*': string })['*'];
  const file = build.files.get(path);
  if (file) return sendFile(file, request, reply);
  if (path.startsWith('assets/') || /\.[a-z0-9]{1,8}$/i.test(path)) {
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
  }
  const nonce = randomBytes(18).toString('base64');
  return reply
    .header('content-security-policy', consoleCsp(nonce))
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(build.indexTemplate.replaceAll(CSP_NONCE_PLACEHOLDER, nonce));
}

function sendFile(file: ConsoleFile, request: FastifyRequest, reply: FastifyReply) {
  void reply
    .header('etag', file.etag)
    .header('vary', 'accept-encoding')
    .header(
      'cache-control',
      file.immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
    )
    .type(file.type);
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const accepted = String(request.headers['accept-encoding'] ?? '');
  if (file.br && /\bbr\b/.test(accepted))
    return reply.header('content-encoding', 'br').send(file.br);
  if (file.gzip && /\bgzip\b/.test(accepted))
    return reply.header('content-encoding', 'gzip').send(file.gzip);
  return reply.send(file.body);
}
