import { describe, expect, it } from 'vitest';
import { ConfigError } from '@medicalink/config';
import { loadAccountsConfig } from './config';

const PUBLISHED_PASSWORD = 'ChangeMe-dev-only-123';

describe('loadAccountsConfig', () => {
  it('takes the published bootstrap password only while listening on loopback', () => {
    expect(
      loadAccountsConfig({ BOOTSTRAP_ADMIN_PASSWORD: PUBLISHED_PASSWORD }).BOOTSTRAP_ADMIN_PASSWORD,
    ).toBe(PUBLISHED_PASSWORD);

    const beyond = () =>
      loadAccountsConfig({ BOOTSTRAP_ADMIN_PASSWORD: PUBLISHED_PASSWORD, HTTP_HOST: '0.0.0.0' });
    expect(beyond).toThrow(ConfigError);
    expect(beyond).toThrow(/BOOTSTRAP_ADMIN_PASSWORD: is a value published in the repository/);
  });

  it('takes a password of its own on any interface', () => {
    const env = { BOOTSTRAP_ADMIN_PASSWORD: 'a password of my own', HTTP_HOST: '0.0.0.0' };
    expect(loadAccountsConfig(env).HTTP_HOST).toBe('0.0.0.0');
  });
});
