/**
 * Lua scripts, so each cache operation is one atomic round trip.
 * Keys and tags arrive already prefixed by ioredis' keyPrefix.
 */
import { RedisScript } from './redis-script';

/**
 * KEYS: entry, tag sets..., tag versions... ; ARGV: value, ttl ms, load start ms, tag count,
 * max members per tag. A tag set at the bound first drops members whose entries expired; if
 * it is still full, the value is not cached (2): a flood of unique reads (a search per
 * request) cannot grow a tag set (e.g. doctors:lists) without bound.
 */
export const SET_TAGGED = new RedisScript(`
local tagCount = tonumber(ARGV[4])
local maxMembers = tonumber(ARGV[5])
for i = 1, tagCount do
  local invalidatedAt = tonumber(redis.call('GET', KEYS[1 + tagCount + i]) or '0')
  if invalidatedAt >= tonumber(ARGV[3]) then return 0 end
end
for i = 1, tagCount do
  if redis.call('SCARD', KEYS[1 + i]) >= maxMembers and redis.call('SISMEMBER', KEYS[1 + i], KEYS[1]) == 0 then
    for _, key in ipairs(redis.call('SMEMBERS', KEYS[1 + i])) do
      if redis.call('EXISTS', key) == 0 then redis.call('SREM', KEYS[1 + i], key) end
    end
    if redis.call('SCARD', KEYS[1 + i]) >= maxMembers then return 2 end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
for i = 1, tagCount do
  redis.call('SADD', KEYS[1 + i], KEYS[1])
  local ttl = redis.call('PTTL', KEYS[1 + i])
  if ttl < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1 + i], ARGV[2]) end
end
return 1
`);

/**
 * KEYS: tag sets..., tag versions... ; ARGV: now ms, version ttl ms, tag count.
 * Deletes every entry of every tag and records when each tag was invalidated, so a
 * load that started before this cannot write its stale result afterwards.
 */
export const INVALIDATE_TAGS = new RedisScript(`
local tagCount = tonumber(ARGV[3])
local removed = 0
for i = 1, tagCount do
  local members = redis.call('SMEMBERS', KEYS[i])
  for _, key in ipairs(members) do
    removed = removed + redis.call('DEL', key)
  end
  redis.call('DEL', KEYS[i])
  redis.call('SET', KEYS[tagCount + i], ARGV[1], 'PX', ARGV[2])
end
return removed
`);

/** KEYS: lock ; ARGV: token — deletes the lock only if we still hold it */
export const RELEASE_LOCK = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
