import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../src/session-store';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'medicalink-store-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const mode = (path: string) => statSync(path).mode & 0o777;
const URL = 'http://gateway.test';

describe('SessionStore', () => {
  it('tightens a folder that already existed with a looser mode, and writes the file 0600', async () => {
    const dir = join(root, 'medicalink');
    mkdirSync(dir, { mode: 0o755 });
    writeFileSync(join(dir, 'session.json'), '{}', { mode: 0o644 });
    const store = new SessionStore(dir);

    await store.write({ url: URL, email: 'a@b.test', accessToken: 'at', refreshToken: 'rt' });

    expect(mode(dir)).toBe(0o700);
    expect(mode(store.file)).toBe(0o600);
    expect(await store.read(URL)).toMatchObject({ accessToken: 'at', refreshToken: 'rt' });
    expect(await store.read('http://other.test')).toBeUndefined();
  });

  it('reads a session file of the older format as an access token', async () => {
    const store = new SessionStore(root);
    writeFileSync(
      store.file,
      JSON.stringify({ url: URL, email: 'a@b.test', token: 'old', expiresAt: 5 }),
    );
    expect(await store.read(URL)).toEqual({
      url: URL,
      email: 'a@b.test',
      accessToken: 'old',
      accessTokenExpiresAt: 5,
    });
  });

  it('lets one renewal at a time hold the lock, across store instances (processes)', async () => {
    const first = new SessionStore(root);
    const second = new SessionStore(root);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const held = first.exclusive(async () => {
      order.push('first in');
      await new Promise<void>((resolve) => (release = resolve));
      order.push('first out');
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waiting = second.exclusive(async () => {
      order.push('second in');
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(order).toEqual(['first in']);

    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['first in', 'first out', 'second in']);
  });

  it('saves through the token store, and a logout (undefined) removes the file', async () => {
    const store = new SessionStore(root);
    const tokens = store.tokenStore(URL, 'a@b.test', true);

    await tokens.save({ accessToken: 'at', refreshToken: 'rt-2' });
    expect(await tokens.load()).toMatchObject({ refreshToken: 'rt-2', remember: true });
    await tokens.save(undefined);
    expect(await store.read(URL)).toBeUndefined();
  });
});
