import { describe, expect, it } from 'vitest';
import { createTestNamespace } from './namespace';

const infrastructure = {
  rabbitmqUrl: 'amqp://127.0.0.1',
  redisUrl: 'redis://127.0.0.1',
  postgresUrl: 'postgres://127.0.0.1/postgres',
  source: 'local' as const,
};

describe('createTestNamespace databases', () => {
  it('names a database per app under the namespace id, usable as a PostgreSQL identifier', () => {
    const namespace = createTestNamespace(infrastructure, 'My-Label');
    expect(namespace.database('my-app')).toBe(`test_${namespace.id.replace(/-/g, '_')}_my_app`);
    expect(namespace.database('accounts')).toMatch(/^[a-z_][a-z0-9_]{0,62}$/);
  });

  it('tells every app with a database its name', () => {
    const namespace = createTestNamespace(infrastructure);
    expect(namespace.env()).toMatchObject({
      ACCOUNTS_DATABASE: namespace.database('accounts'),
      DIRECTORY_DATABASE: namespace.database('directory'),
      ORCHESTRATOR_DATABASE: namespace.database('orchestrator'),
      PRODUCT_DATABASE: namespace.database('product'),
      EDUCATION_DATABASE: namespace.database('education'),
    });
  });
});
