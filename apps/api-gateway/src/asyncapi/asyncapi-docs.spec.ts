import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadGatewayConfig } from '../config';
import { installAsyncApiDocs } from './asyncapi-docs';

let fastify: FastifyInstance;
beforeAll(async () => {
  fastify = Fastify();
  installAsyncApiDocs(
    fastify,
    loadGatewayConfig({
      JWT_SECRET: randomBytes(32).toString('hex'),
      MESSAGING_PREFIX: 'acme',
    }),
  );
  await fastify.ready();
});
afterAll(() => fastify.close());

const get = (url: string, accept?: string) =>
  fastify.inject({ method: 'GET', url, headers: accept ? { accept } : {} });

describe('GET /docs/asyncapi', () => {
  // the first request builds the document from every contract: seconds on a busy machine
  it(
    'shows people a readable page that runs no script, for this deployment’s queue names',
    { timeout: 60_000 },
    async () => {
      const response = await get('/docs/asyncapi', 'text/html,application/xhtml+xml,*/*;q=0.8');

      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).not.toMatch(/script-src|unsafe-inline/);
      expect(response.body).not.toMatch(/<script|\son\w+=/i);
      expect(response.body).toContain('<code>directory.doctor.create</code>');
      expect(response.body).toContain('<code>acme.directory.rpc</code>');
      expect(response.body).toContain('<code>doctor.profile.created</code>');
      expect(response.body).toMatch(/consumed by orchestrator/);
    },
  );

  it('gives tools the raw document, as JSON or YAML, by URL or by Accept', async () => {
    const json = await get('/docs/asyncapi.json');
    const yaml = await get('/docs/asyncapi.yaml');
    const negotiated = await get('/docs/asyncapi', 'application/json');

    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(yaml.headers['content-type']).toBe('application/yaml; charset=utf-8');
    const document = JSON.parse(json.body) as { asyncapi: string; channels: object };
    expect(document.asyncapi).toBe('3.0.0');
    expect(parse(yaml.body)).toEqual(document);
    expect(JSON.parse(negotiated.body)).toEqual(document);
    expect((await get('/docs/asyncapi', 'application/yaml')).body).toBe(yaml.body);
  });
});
