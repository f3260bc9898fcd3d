import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  env_file?: string | (string | { path: string; required?: boolean })[];
  environment?: Record<string, string>;
  ports?: string[];
  command?: string[];
  build?: unknown;
}

const compose = parse(readFileSync(join(__dirname, '../../docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
};
const INFRASTRUCTURE = ['rabbitmq', 'redis', 'postgres'];
const apps = Object.entries(compose.services).filter(([name]) => !INFRASTRUCTURE.includes(name));

describe('docker-compose.yml', () => {
  it('never loads .env.example (published dev secrets) into the apps, which run as production', () => {
    expect(apps.length).toBe(6);
    for (const [name, service] of apps) {
      const files = [service.env_file ?? []]
        .flat()
        .map((f) => (typeof f === 'string' ? f : f.path));
      expect(files, name).not.toContain('.env.example');
      expect(files, name).toEqual(['.env']);
      expect(service.environment?.['NODE_ENV'], name).toBe('production');
    }
  });

  it('takes every secret from the operator, required (no default)', () => {
    const environment = apps[0]?.[1].environment ?? {};
    for (const variable of ['JWT_SECRET', 'SAGA_INPUT_KEY', 'BOOTSTRAP_ADMIN_PASSWORD']) {
      expect(environment[variable], variable).toMatch(new RegExp(`^\\$\\{${variable}:\\?`));
    }
  });

  it('lets only the gateway listen beyond loopback, and no app default to the published secrets', () => {
    for (const [name, service] of apps) {
      const host = service.environment?.['HTTP_HOST'];
      if (name === 'api-gateway') expect(host, name).toBe('0.0.0.0');
      else expect(host, name).toBeUndefined(); // HTTP_HOST's default: 127.0.0.1
      // the secrets stay in every app's environment (a shallow merge would drop them)
      expect(service.environment?.['JWT_SECRET'], name).toMatch(/^\$\{JWT_SECRET:\?/);
    }
  });

  it('publishes infrastructure ports on localhost only, with credentials from the environment', () => {
    for (const name of INFRASTRUCTURE) {
      const service = compose.services[name] ?? {};
      for (const port of service.ports ?? []) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
    const { rabbitmq, redis, postgres } = compose.services;
    expect(rabbitmq?.environment?.['RABBITMQ_DEFAULT_PASS']).toMatch(/^\$\{RABBITMQ_PASSWORD:\?/);
    expect(redis?.command?.join(' ')).toMatch(/--requirepass \$\{REDIS_PASSWORD:\?/);
    expect(postgres?.environment?.['POSTGRES_PASSWORD']).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(postgres?.environment).not.toHaveProperty('POSTGRES_HOST_AUTH_METHOD');
    const urls = apps[0]?.[1].environment ?? {};
    expect(urls['RABBITMQ_URL']).not.toContain('guest:guest');
    expect(urls['REDIS_URL']).toContain('${REDIS_PASSWORD');
    expect(urls['DATABASE_URL']).toContain('${POSTGRES_PASSWORD');
  });
});
