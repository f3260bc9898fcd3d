import { describe, expect, it } from 'vitest';
import { PERMISSION_CATALOG } from '@medicalink/contracts';
import { PERMISSION_LABELS } from './permissions';

describe('PERMISSION_LABELS', () => {
  // The SDK ships without libs/contracts; its copy of the catalog is held to the original here.
  it('is the accounts service catalog, permission for permission and word for word', () => {
    expect(PERMISSION_LABELS).toEqual(PERMISSION_CATALOG);
  });
});
