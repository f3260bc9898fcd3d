import { describe, expect, it } from 'vitest';
import { SearchDoctorsRequest } from '@medicalink/contracts';
import { cacheKey, canonicalJson } from './cache-key';

describe('cacheKey', () => {
  it('gives one key for a query with defaults left out and the same query spelled out', () => {
    const short = SearchDoctorsRequest.parse({ specialty: 'x' });
    const long = SearchDoctorsRequest.parse({ limit: '20', page: '1', specialty: 'x' });
    expect(cacheKey('doctors', short)).toBe(cacheKey('doctors', long));
  });

  it('ignores key order and undefined values, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    expect(cacheKey('s', { a: 1, b: 2 })).toBe(cacheKey('s', { b: 2, a: 1, c: undefined }));
  });

  it('separates different queries and scopes', () => {
    expect(cacheKey('doctors', { page: 1 })).not.toBe(cacheKey('doctors', { page: 2 }));
    expect(cacheKey('doctors', { page: 1 })).not.toBe(cacheKey('doctor', { page: 1 }));
    expect(cacheKey('doctors', { page: 1 })).toMatch(/^doctors:[\w-]{22}$/);
  });
});
