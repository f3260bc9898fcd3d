import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/** What running a script needs of a client: ioredis, or a test's stand-in. */
export type RedisScriptClient = Pick<Redis, 'evalsha' | 'eval'>;

/**
 * A Lua script run by its SHA1 (EVALSHA), so its body does not cross the wire on every call:
 * on hot paths (a rate-limit count per request, a session write per step) sending the text
 * each time costed more than the script's work. Redis that does not know the script yet
 * (a restart, SCRIPT FLUSH) answers NOSCRIPT, and that one call goes out as EVAL, which also
 * caches it. Keys go through the client's keyPrefix as with EVAL.
 */
export class RedisScript {
  readonly sha: string;

  constructor(readonly lua: string) {
    this.sha = createHash('sha1').update(lua).digest('hex');
  }

  async run(
    redis: RedisScriptClient,
    keys: readonly string[],
    args: readonly (string | number)[] = [],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return redis.eval(this.lua, keys.length, ...keys, ...args);
    }
  }
}

const isNoScript = (error: unknown) =>
  error instanceof Error && error.message.startsWith('NOSCRIPT');
