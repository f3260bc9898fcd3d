import { chmod, mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SessionTokens, TokenStore } from '@medicalink/sdk';

export interface StoredSession extends SessionTokens {
  url: string;
  email: string;
  /** asked for with `login --remember` (a sign-in renewable for weeks) */
  remember?: boolean;
}

/** How long a renewal may hold the lock before another process takes it as abandoned. */
const STALE_LOCK_MS = 30_000;
const LOCK_POLL_MS = 50;
const LOCK_WAIT_MS = 15_000;

/**
 * The session `medicalink login` started, kept for later commands against the same gateway:
 * the access token and the refresh token that renews it (rotated on every renewal, so the file
 * is rewritten each time). Never the password. The folder is 0700 and the file 0600, tightened
 * on every write even if they existed with looser modes.
 */
export class SessionStore {
  readonly file: string;
  private readonly lockFile: string;

  constructor(readonly dir: string) {
    this.file = join(dir, 'session.json');
    this.lockFile = join(dir, 'session.lock');
  }

  async read(url: string): Promise<StoredSession | undefined> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.file, 'utf8'));
    } catch {
      return undefined;
    }
    const session = upgraded(parsed);
    return session?.url === url ? session : undefined;
  }

  /** Replaces the file in one step (a crash never leaves half a refresh token behind). */
  async write(session: StoredSession): Promise<void> {
    await this.privateFolder();
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
    await chmod(temporary, 0o600);
    await rename(temporary, this.file);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }

  /** The store the SDK renews through: shared by every `medicalink` process of this user. */
  tokenStore(url: string, email: string, remember: boolean | undefined): TokenStore {
    return {
      load: () => this.read(url),
      save: (tokens) =>
        tokens
          ? this.write({ url, email, ...(remember && { remember }), ...tokens })
          : this.clear(),
      exclusive: (work) => this.exclusive(work),
    };
  }

  /**
   * Runs `work` while holding the lock file, so that two commands renewing at once take turns
   * (the second then finds the first's tokens instead of reusing a rotated refresh token).
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await this.privateFolder();
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        const handle = await open(this.lockFile, 'wx', 0o600);
        await handle.close();
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (await this.lockAbandoned()) {
          await rm(this.lockFile, { force: true });
          continue;
        }
        if (Date.now() > deadline) {
          throw new Error(`another medicalink process holds ${this.lockFile}; try again`);
        }
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
      }
    }
    try {
      return await work();
    } finally {
      await rm(this.lockFile, { force: true });
    }
  }

  private async lockAbandoned(): Promise<boolean> {
    try {
      return Date.now() - (await stat(this.lockFile)).mtimeMs > STALE_LOCK_MS;
    } catch {
      return false; // gone meanwhile: try again
    }
  }

  /** mkdir's mode applies only to a folder it creates: an existing one is tightened too. */
  private async privateFolder(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
  }
}

/** A session file of an older version (`token`, `expiresAt`) reads as an access token only. */
function upgraded(value: unknown): StoredSession | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record['url'] !== 'string' || typeof record['email'] !== 'string') return undefined;
  if (typeof record['token'] === 'string') {
    return {
      url: record['url'],
      email: record['email'],
      accessToken: record['token'],
      ...(typeof record['expiresAt'] === 'number' && {
        accessTokenExpiresAt: record['expiresAt'],
      }),
    };
  }
  return value as StoredSession;
}
