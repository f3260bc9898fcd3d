import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StoredSession {
  url: string;
  email: string;
  token: string;
  /** epoch ms */
  expiresAt: number;
}

/**
 * The token `medicalink login` obtained, kept for later commands against the same gateway.
 * Never the password: when the token expires, log in again (or set MEDICALINK_EMAIL and
 * MEDICALINK_PASSWORD, and every run logs in by itself).
 */
export class SessionStore {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'session.json');
  }

  async read(url: string): Promise<StoredSession | undefined> {
    try {
      const session = JSON.parse(await readFile(this.file, 'utf8')) as StoredSession;
      return session.url === url ? session : undefined;
    } catch {
      return undefined;
    }
  }

  async write(session: StoredSession): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(this.file, `${JSON.stringify(session, null, 2)}\n`, { mode: 0o600 });
    await chmod(this.file, 0o600).catch(() => undefined);
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}
