import { RedisScript } from '@medicalink/cache';

/**
 * Lua scripts, so every write is one atomic round trip. A session is a hash: `v` (the version,
 * compared by the scripts) and `r` (the record's JSON, checked by zod on the way back).
 * Keys arrive already prefixed by ioredis' keyPrefix.
 */

/** KEYS: session ; ARGV: version, record, expire-at ms — refuses to overwrite an existing id */
export const CREATE_SESSION = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'r', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
`);

/**
 * KEYS: session ; ARGV: expected version, new version, record, expire-after ms or ''.
 * -1: gone (expired or deleted), 0: the version moved on (conflict), 1: written. HSET keeps
 * the key's expiry, so the absolute deadline set at creation holds; an expire-after only
 * brings it forward.
 */
export const COMPARE_AND_SET = new RedisScript(`
local current = redis.call('HGET', KEYS[1], 'v')
if not current then return -1 end
if current ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'r', ARGV[3])
if ARGV[4] ~= '' then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 or ttl > tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
end
return 1
`);

/** KEYS: session ; ARGV: ms — brings the expiry forward to now + ms, never pushes it back */
export const EXPIRE_SOONER = new RedisScript(`
local ttl = redis.call('PTTL', KEYS[1])
if ttl == -2 then return 0 end
if ttl < 0 or ttl > tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return 1
`);

/** KEYS: claim ; ARGV: session id, expire-at ms — the holder after the call (us or another) */
export const CLAIM = new RedisScript(`
local holder = redis.call('GET', KEYS[1])
if holder then return holder end
redis.call('SET', KEYS[1], ARGV[1], 'PXAT', ARGV[2])
return ARGV[1]
`);

/** KEYS: claim ; ARGV: session id — releases the claim only if that session holds it */
export const RELEASE_CLAIM = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * KEYS: session, aside ; ARGV: expire-after ms for an aside record with no expiry — moves an
 * unreadable record out of the way (kept for inspection until it would have expired), so its
 * id is free again. 0 when the session key is already gone.
 */
export const MOVE_ASIDE = new RedisScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return 1
`);
