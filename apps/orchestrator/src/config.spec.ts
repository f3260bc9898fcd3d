import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@medicalink/config';
import { loadOrchestratorConfig } from './config';

describe('loadOrchestratorConfig', () => {
  it('uses the published SAGA_INPUT_KEY by default only while listening on loopback', () => {
    expect(loadOrchestratorConfig({}).SAGA_INPUT_KEY).toMatch(/^dev-only-/);

    const beyond = () => loadOrchestratorConfig({ HTTP_HOST: '0.0.0.0' });
    expect(beyond).toThrow(ConfigError);
    expect(beyond).toThrow(/SAGA_INPUT_KEY: is a value published in the repository/);
  });

  it('wants 32 random bytes as hex or base64 of a key of its own', () => {
    const key = randomBytes(32).toString('hex');
    expect(
      loadOrchestratorConfig({ SAGA_INPUT_KEY: key, HTTP_HOST: '0.0.0.0' }).SAGA_INPUT_KEY,
    ).toBe(key);
    expect(() =>
      loadOrchestratorConfig({ SAGA_INPUT_KEY: 'my long saga input passphrase!' }),
    ).toThrow(/SAGA_INPUT_KEY: must be at least 32 random bytes written as hex or base64/);
  });
});
