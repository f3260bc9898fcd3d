import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { nameBasedUuid } from './request-ids';

describe('nameBasedUuid', () => {
  it('gives the same version-5 UUID for the same name, and another for another name', () => {
    const id = nameBasedUuid('doctor-creation:request-1');

    expect(nameBasedUuid('doctor-creation:request-1')).toBe(id);
    expect(nameBasedUuid('doctor-creation:request-2')).not.toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(z.uuid().safeParse(id).success).toBe(true);
  });
});
