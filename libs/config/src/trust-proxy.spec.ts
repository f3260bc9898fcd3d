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
    expect(() => trustOf('999.1.2.3')).toThrow(
      /TRUST_PROXY: .*"999\.1\.2\.3" is not an IP address/,
    );
  });

  it('refuses ranges wider than /8 (IPv4) or /32 (IPv6), which trust nearly everyone', () => {
    expect(() => trustOf('0.0.0.0/1,128.0.0.0/1')).toThrow(
      /TRUST_PROXY: .*"0\.0\.0\.0\/1" is wider than \/8/,
    );
    expect(() => trustOf('10.0.0.0/7')).toThrow(/wider than \/8/);
    expect(() => trustOf('::/1')).toThrow(/TRUST_PROXY: .*"::\/1" is wider than \/32/);
    expect(() => trustOf('2001:db8::/31')).toThrow(/wider than \/32/);
    // every IPv4 address, written as an IPv4-mapped IPv6 range
    expect(() => trustOf('::ffff:0.0.0.0/96')).toThrow(/wider than \/104/);
    expect(() => trustOf('10.0.0.0/33')).toThrow(/prefix length that is not 0\.\.32/);

    expect(trustOf('10.0.0.0/8,2001:db8::/32,::ffff:10.0.0.0/104')).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      '::ffff:10.0.0.0/104',
    ]);
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
