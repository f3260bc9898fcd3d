import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  profiles?: string[];
  env_file?: string | (string | { path: string; required?: boolean })[];
  environment?: Record<string, string>;
  ports?: string[];
  command?: string[];
  build?: unknown;
  image?: string;
  deploy?: { replicas?: number | string };
  stop_grace_period?: string;
  volumes?: string[];
  networks?: Record<string, { ipv4_address?: string } | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const repoRoot = join(__dirname, '../..');
const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as {
  services: Record<string, ComposeService>;
  networks?: Record<string, { ipam?: { config?: { subnet: string }[] } }>;
};
const INFRASTRUCTURE = ['rabbitmq', 'redis', 'postgres'];
/** the services built from this repository's Dockerfile: the six apps */
const apps = Object.entries(compose.services).filter(([, service]) => service.build);
const edge = compose.services['edge'];

describe('docker-compose.yml', () => {
  it('never loads .env.example (published dev secrets) into the apps, which run as production', () => {
    expect(apps.map(([name]) => name).sort()).toEqual(
      [
        'accounts',
        'api-gateway',
        'education',
        'orchestrator',
        'product',
        'provider-directory',
      ].sort(),
    );
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

  it('offers Jaeger for traces on request (a profile), with its UI and OTLP/HTTP on loopback only', () => {
    const jaeger = compose.services['jaeger'];
    expect(jaeger?.profiles).toEqual(['tracing']);
    expect(jaeger?.ports).toEqual(['127.0.0.1:16686:16686', '127.0.0.1:4318:4318']);
  });

  it('runs every app in MEDICALINK_REPLICAS replicas (2 unless set), stopped more slowly than it drains', () => {
    for (const [name, service] of apps) {
      expect(service.deploy?.replicas, name).toBe('${MEDICALINK_REPLICAS:-2}');
      // SHUTDOWN_TIMEOUT_MS is 10 s unless .env changes it; docker kills after the grace period.
      expect(durationSec(service.stop_grace_period ?? '10s'), name).toBeGreaterThan(10);
      // a fixed host port would collide between replicas: only the edge publishes one
      expect(service.ports ?? [], name).toEqual([]);
    }
  });

  it('publishes the gateways once, through the edge proxy, which re-resolves the replicas', () => {
    expect(edge?.ports).toEqual(['3000:8080']);
    expect(edge?.depends_on?.['api-gateway']?.condition).toBe('service_healthy');
    expect(compose.services['api-gateway']?.healthcheck?.test.join(' ')).toContain('/health');
    const [source, target] = (edge?.volumes?.[0] ?? '').split(':');
    expect(target).toBe('/etc/nginx/conf.d/default.conf');
    const conf = readFileSync(join(repoRoot, source!), 'utf8');
    expect(conf).toMatch(/resolver 127\.0\.0\.11 valid=\d+s/);
    expect(conf).toMatch(/set \$gateway http:\/\/api-gateway:3000;/);
    expect(conf).toMatch(/proxy_pass \$gateway;/);
    // replaced, not appended ($proxy_add_x_forwarded_for would keep what the client wrote)
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
  });

  it('has the gateways trust X-Forwarded-For from the edge alone, at its fixed address', () => {
    const edgeAddress = edge?.networks?.['default']?.ipv4_address;
    const subnet = compose.networks?.['default']?.ipam?.config?.[0]?.subnet ?? '';
    expect(edgeAddress).toBeDefined();
    expect(edgeAddress!.startsWith(subnet.replace(/0\/24$/, ''))).toBe(true);
    expect(compose.services['api-gateway']?.environment?.['TRUST_PROXY']).toBe(edgeAddress);
    for (const [name, service] of apps.filter(([app]) => app !== 'api-gateway')) {
      expect(service.environment?.['TRUST_PROXY'], name).toBeUndefined();
    }
  });
});

function durationSec(value: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(value);
  if (!match) throw new Error(`unreadable duration ${value}`);
  const unit = { ms: 0.001, s: 1, m: 60 }[match[2] as 'ms' | 's' | 'm'];
  return Number(match[1]) * unit;
}
