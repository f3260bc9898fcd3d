import { describe, expect, it } from 'vitest';
import { StatementNames } from './statement-names';

describe('StatementNames', () => {
  it('gives each parameterized text one name, the same on every call', () => {
    const names = new StatementNames();
    const first = names.nameFor('SELECT id FROM doctors WHERE id = $1', 1);
    const other = names.nameFor('UPDATE doctors SET name = $1 WHERE id = $2', 2);
    expect(first).toMatch(/^select_\d+$/);
    expect(other).toMatch(/^update_\d+$/);
    expect(other).not.toBe(first);
    expect(names.nameFor('SELECT id FROM doctors WHERE id = $1', 1)).toBe(first);
  });

  it('leaves unnamed what has no parameters or returns every column', () => {
    const names = new StatementNames();
    expect(names.nameFor('begin', 0)).toBeUndefined();
    expect(names.nameFor('select * from "doctors" where "id" = $1', 1)).toBeUndefined();
    expect(names.nameFor('select "d".* from "doctors" as "d" where "id" = $1', 1)).toBeUndefined();
    expect(
      names.nameFor('insert into "doctors" ("id") values ($1) returning *', 1),
    ).toBeUndefined();
    expect(names.nameFor('select count(*)::int as total from doctors where x = $1', 1)).toMatch(
      /^select_/,
    );
    const bulk = `insert into notes (id) values ${Array.from({ length: 65 }, (_, i) => `($${i + 1})`).join(', ')}`;
    expect(names.nameFor(bulk, 65)).toBeUndefined();
  });

  it('names no more than its capacity: later texts go unnamed, earlier ones keep their names', () => {
    const names = new StatementNames(2);
    const a = names.nameFor('SELECT $1::int AS a', 1);
    const b = names.nameFor('SELECT $1::int AS b', 1);
    expect(names.nameFor('SELECT $1::int AS c', 1)).toBeUndefined();
    expect([
      names.nameFor('SELECT $1::int AS a', 1),
      names.nameFor('SELECT $1::int AS b', 1),
    ]).toEqual([a, b]);
  });
});
