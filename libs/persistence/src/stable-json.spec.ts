import { describe, expect, it } from 'vitest';
import { requestHash, stableJson } from './stable-json';

describe('stableJson', () => {
  it('orders object keys at every depth, keeping array order', () => {
    expect(stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('follows JSON: undefined fields vanish, dates become ISO strings', () => {
    expect(stableJson({ a: undefined, at: new Date('2024-05-01T10:00:00Z') })).toBe(
      '{"at":"2024-05-01T10:00:00.000Z"}',
    );
    expect(stableJson(undefined)).toBe('null');
  });
});

describe('requestHash', () => {
  it('is the same for equal requests whatever their key order', () => {
    expect(requestHash({ name: 'x', tags: ['a', 'b'] })).toBe(
      requestHash({ tags: ['a', 'b'], name: 'x' }),
    );
    expect(requestHash({ name: 'x' })).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when any value or the order of a list differs', () => {
    const base = requestHash({ name: 'x', tags: ['a', 'b'] });
    expect(requestHash({ name: 'y', tags: ['a', 'b'] })).not.toBe(base);
    expect(requestHash({ name: 'x', tags: ['b', 'a'] })).not.toBe(base);
    expect(requestHash({ name: 'x', tags: ['a', 'b'], extra: 0 })).not.toBe(base);
  });
});
