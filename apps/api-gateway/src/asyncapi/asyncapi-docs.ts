import type { FastifyInstance, FastifyReply } from 'fastify';
import { asyncApiYaml, buildAsyncApiDocument, defaultAsyncApiOptions } from '@medicalink/asyncapi';
import type { BaseEnv } from '@medicalink/config';
import { ASYNCAPI_PAGE_CSP, renderAsyncApiPage } from './asyncapi-page';

interface Rendered {
  yaml: string;
  json: string;
  page: string;
}

/**
 * Serves the AsyncAPI document of this deployment's messaging (its prefix, queue type and retry
 * delays; docs/asyncapi.yaml is the same for the default settings), public like /docs:
 * - GET /docs/asyncapi: an HTML page for people (JSON or YAML instead if Accept asks for it)
 * - GET /docs/asyncapi.yaml, GET /docs/asyncapi.json: the raw document for tools
 * Built on the first request, not at start-up, which it would slow down.
 */
export function installAsyncApiDocs(fastify: FastifyInstance, env: BaseEnv): void {
  let rendered: Promise<Rendered> | undefined;
  const render = () =>
    (rendered ??= buildAsyncApiDocument(defaultAsyncApiOptions(env)).then((document) => ({
      yaml: asyncApiYaml(document),
      json: JSON.stringify(document),
      page: renderAsyncApiPage(document),
    })));
  const sendYaml = async (reply: FastifyReply) =>
    reply.type('application/yaml; charset=utf-8').send((await render()).yaml);
  const sendJson = async (reply: FastifyReply) =>
    reply.type('application/json; charset=utf-8').send((await render()).json);

  fastify.get('/docs/asyncapi.yaml', (_request, reply) => sendYaml(reply));
  fastify.get('/docs/asyncapi.json', (_request, reply) => sendJson(reply));
  fastify.get('/docs/asyncapi', async (request, reply) => {
    const accept = request.headers.accept ?? '';
    void reply.header('vary', 'accept');
    if (!/text\/html/.test(accept)) {
      if (/application\/json/.test(accept)) return sendJson(reply);
      if (/(application|text)\/(x-)?yaml/.test(accept)) return sendYaml(reply);
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', ASYNCAPI_PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .send((await render()).page);
  });
}
