import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRpc } from './define';

const schemas = { request: z.object({}), response: z.object({}) };

describe('defineRpc', () => {
  it('derives the target service from the first segment', () => {
    const contract = defineRpc('directory.doctor.get-by-id', schemas);

    expect(contract).toMatchObject({
      kind: 'rpc',
      pattern: 'directory.doctor.get-by-id',
      service: 'directory',
    });
    expect(contract.request).toBe(schemas.request);
  });

  it.each(['accounts.user', 'Accounts.user.get', 'accounts..get', 'accounts.user.get.', ''])(
    'rejects the malformed pattern %j',
    (pattern) => {
      expect(() => defineRpc(pattern, schemas)).toThrow('is not <service>.<resource>.<action>');
    },
  );

  it('rejects a pattern that does not start with a known service', () => {
    expect(() => defineRpc('billing.invoice.create', schemas)).toThrow(
      'does not start with a known service',
    );
  });
});
