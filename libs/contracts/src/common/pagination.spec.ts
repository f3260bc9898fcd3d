import { describe, expect, it } from 'vitest';
import { paginationMetadata } from './pagination';

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
