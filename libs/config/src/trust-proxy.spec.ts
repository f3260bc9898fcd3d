import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { baseEnvSchema } from './env-schemas';
import { ConfigError, loadConfig } from './load-config';

const trustOf = (value: string) => loadConfig(baseEnvSchema, { TRUST_PROXY: value }).TRUST_PROXY;

describe('TRUST_PROXY', () => {
  it('is off by default and takes proxy addresses', () => {
    expect(loadConfig(baseEnvSchema, {}).TRUST_PROXY).toBe(false);
    expect(trustOf('false')).toBe(false);
    expect(trustOf('10.0.0.5, 10.1.0.0/16,::1')).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(trustOf('loopback')).toEqual(['loopback']);
  });

  it('refuses true (every hop trusted) and hop counts, naming the variable', () => {
    expect(() => trustOf('true')).toThrow(ConfigError);
    expect(() => trustOf('true')).toThrow(/TRUST_PROXY: must not be true/);
    expect(() => trustOf('1')).toThrow(/TRUST_PROXY: must not be a hop count/);
    expect(() => trustOf('proxy.example.com')).toThrow(/TRUST_PROXY/);
  });

  it('keeps a client-written X-Forwarded-For from choosing the address Fastify reports', async () => {
    const ipSeen = async (trustProxy: false | string[]) => {
      const app = Fastify({ trustProxy });
      app.get('/', (request) => ({ ip: request.ip }));
      const reply = await app.inject({
        url: '/',
        remoteAddress: '127.0.0.1',
        // the client wrote the first address; the proxy on loopback appended the real one
        headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
      });
      await app.close();
      return reply.json<{ ip: string }>().ip;
    };

    expect(await ipSeen(trustOf('127.0.0.1'))).toBe('203.0.113.9');
    expect(await ipSeen(trustOf('false'))).toBe('127.0.0.1');
  });
});
