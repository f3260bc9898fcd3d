import { describe, expect, it } from 'vitest';
import { PaginationQuery, paginationMetadata } from './pagination';

describe('PaginationQuery', () => {
  it('fills in page 1 and limit 20 when they are missing or empty', () => {
    expect(PaginationQuery.parse({})).toEqual({ page: 1, limit: 20 });
    expect(PaginationQuery.parse({ page: '', limit: '' })).toEqual({ page: 1, limit: 20 });
  });

  it('coerces query strings and refuses out-of-range values', () => {
    expect(PaginationQuery.parse({ page: '3', limit: '50' })).toEqual({ page: 3, limit: 50 });
    expect(PaginationQuery.safeParse({ page: '0' }).success).toBe(false);
    expect(PaginationQuery.safeParse({ limit: '101' }).success).toBe(false);
    expect(PaginationQuery.safeParse({ page: 'two' }).success).toBe(false);
  });
});

describe('paginationMetadata', () => {
  it('describes a middle page', () => {
    expect(paginationMetadata(2, 10, 25)).toEqual({
      page: 2,
      limit: 10,
      total: 25,
      totalPages: 3,
      hasNext: true,
      hasPrev: true,
    });
  });

  it('has no previous page on the first page', () => {
    expect(paginationMetadata(1, 10, 25)).toMatchObject({ hasPrev: false, hasNext: true });
  });

  it('has no next page on the last page, even when it is full', () => {
    expect(paginationMetadata(3, 10, 25)).toMatchObject({ hasNext: false, hasPrev: true });
    expect(paginationMetadata(2, 10, 20)).toMatchObject({ totalPages: 2, hasNext: false });
  });

  it('has zero pages and no neighbours when there is nothing', () => {
    expect(paginationMetadata(1, 20, 0)).toMatchObject({
      total: 0,
      totalPages: 0,
      hasNext: false,
      hasPrev: false,
    });
  });
});
