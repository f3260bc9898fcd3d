import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SearchDoctorsQuery } from './doctors.http';

describe('GET /doctors?ids=', () => {
  it('reads a comma-separated list of UUIDs, ignoring blanks around commas', () => {
    const [a, b] = [randomUUID(), randomUUID()];
    expect(SearchDoctorsQuery.parse({ ids: ` ${a}, ${b},` })).toMatchObject({ ids: [a, b] });
  });

  it('refuses more than 100 ids, an empty list, and ids that are not UUIDs', () => {
    const tooMany = Array.from({ length: 101 }, () => randomUUID()).join(',');
    expect(SearchDoctorsQuery.safeParse({ ids: tooMany }).error?.issues[0]?.message).toBe(
      'at most 100 ids',
    );
    expect(SearchDoctorsQuery.safeParse({ ids: '' }).error?.issues[0]?.message).toBe(
      'at least one id',
    );
    expect(SearchDoctorsQuery.safeParse({ ids: 'nope' }).error?.issues[0]?.path).toEqual([
      'ids',
      0,
    ]);
  });
});
