import { describe, expect, it } from 'vitest';
import { grantable, mayManage } from './privileges';

describe('account privileges in the console', () => {
  it('grants nothing above the granter and lets no admin manage a main account', () => {
    expect(grantable('admin')).toEqual(['owner', 'admin']);
    expect(grantable('main')).toEqual(['owner', 'admin', 'main']);
    expect(mayManage('admin', 'main')).toBe(false);
    expect(mayManage('admin', 'owner')).toBe(true);
    expect(mayManage('main', 'main')).toBe(true);
  });
});
