import { describe, expect, it } from 'vitest';
import {
  chooseInfrastructure,
  InfrastructureUnavailableError,
  type Probes,
} from './infrastructure-plan';

const all = (value: boolean) => ({ rabbitmq: value, redis: value, postgres: value });
const probes = (answers: Partial<Probes['answers']>, docker: boolean): Probes => ({
  answers: { ...all(false), ...answers },
  docker,
});

function failure(env: Record<string, string>, found: Probes): string {
  try {
    chooseInfrastructure(env, found);
  } catch (error) {
    expect(error).toBeInstanceOf(InfrastructureUnavailableError);
    return (error as Error).message;
  }
  throw new Error('expected chooseInfrastructure to refuse');
}

describe('chooseInfrastructure', () => {
  it('uses the local default ports when they answer, and never asks for a container', () => {
    expect(chooseInfrastructure({}, probes(all(true), true))).toEqual([
      { engine: 'rabbitmq', source: 'local', url: 'amqp://guest:guest@127.0.0.1:5672' },
      { engine: 'redis', source: 'local', url: 'redis://127.0.0.1:6379' },
      { engine: 'postgres', source: 'local', url: 'postgres://postgres@127.0.0.1:5432/postgres' },
    ]);
  });

  it('starts a container only for the engine that does not answer, when Docker does', () => {
    const choices = chooseInfrastructure({}, probes({ rabbitmq: true, postgres: true }, true));

    expect(choices.map((choice) => `${choice.engine}:${choice.source}`)).toEqual([
      'rabbitmq:local',
      'redis:container',
      'postgres:local',
    ]);
  });

  it('starts all three in containers on a laptop with only Docker', () => {
    const choices = chooseInfrastructure({}, probes({}, true));

    expect(choices.every((choice) => choice.source === 'container')).toBe(true);
  });

  it('prefers TEST_* variables over the apps’ own, and uses them as given', () => {
    const env = {
      TEST_RABBITMQ_URL: 'amqp://u:p@rabbit.test:5672',
      RABBITMQ_URL: 'amqp://ignored:5672',
      REDIS_URL: 'redis://cache.test:6380',
    };
    const choices = chooseInfrastructure(env, probes(all(true), false));

    expect(choices).toEqual([
      {
        engine: 'rabbitmq',
        source: 'env',
        variable: 'TEST_RABBITMQ_URL',
        url: 'amqp://u:p@rabbit.test:5672',
      },
      { engine: 'redis', source: 'env', variable: 'REDIS_URL', url: 'redis://cache.test:6380' },
      { engine: 'postgres', source: 'local', url: 'postgres://postgres@127.0.0.1:5432/postgres' },
    ]);
  });

  it('never replaces an engine named in the environment by a container: it says which one is down', () => {
    const message = failure(
      { TEST_DATABASE_URL: 'postgres://app:secret@db.test:5432/postgres' },
      probes({ rabbitmq: true, redis: true }, true),
    );

    expect(message).toContain('postgres at postgres://app:***@db.test:5432/postgres');
    expect(message).toContain('(from TEST_DATABASE_URL) does not answer');
    expect(message).not.toContain('secret');
  });

  it('names both ways out when an engine is down and no Docker engine answers', () => {
    const message = failure({}, probes({ rabbitmq: true }, false));

    expect(message).toMatch(/redis does not answer at redis:\/\/127\.0\.0\.1:6379/);
    expect(message).toMatch(/postgres does not answer/);
    expect(message).not.toMatch(/rabbitmq does not answer/);
    expect(message).toContain('node tools/scripts/infra.mjs ensure');
    expect(message).toContain('docker compose up -d rabbitmq redis postgres');
    expect(message).toContain('start a Docker engine');
    expect(message).toContain('testcontainers');
  });
});
