// The Lua scripts of the Redis budget store. Redis runs a script to the end before any other
// command, so each one is atomic across every process and machine that shares the server: no two
// gateways can both read "room for one more" and both reserve it. The rule in CONSUME is fits()
// of budget-args.ts; keep the two the same.
// Numbers: tokens and nano-dollars are integers; Lua numbers are doubles, exact to 2^53.
// Keys: every key a script touches is passed in KEYS (and shares one hash tag), as Redis Cluster requires.

/** KEYS: window hash, reservation hash. ARGV: limit tokens, limit nano (-1: none), amount tokens, amount nano, ttl ms.
 *  Returns {allowed 0/1, tokens used, nano used} (use after the reservation when allowed). */
export const CONSUME = `
local used = redis.call('HMGET', KEYS[1], 't', 'c')
local t = tonumber(used[1]) or 0
local c = tonumber(used[2]) or 0
local lt, lc = tonumber(ARGV[1]), tonumber(ARGV[2])
local at, ac = tonumber(ARGV[3]), tonumber(ARGV[4])
if (lt >= 0 and t + at > lt) or (lc >= 0 and c + ac > lc) then
  return {0, t, c}
end
t = redis.call('HINCRBY', KEYS[1], 't', at)
c = redis.call('HINCRBY', KEYS[1], 'c', ac)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('HSET', KEYS[2], 't', at, 'c', ac)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return {1, t, c}
`;

/** KEYS: window hash, reservation hash. ARGV: actual tokens, actual nano. Returns 1 when applied.
 *  Deleting the reservation first makes a repeated settle (a retry) a no-op. */
export const SETTLE = `
local r = redis.call('HMGET', KEYS[2], 't', 'c')
if not r[1] then return 0 end
redis.call('DEL', KEYS[2])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], 't', tonumber(ARGV[1]) - tonumber(r[1]))
redis.call('HINCRBY', KEYS[1], 'c', tonumber(ARGV[2]) - tonumber(r[2]))
return 1
`;

/** KEYS: window hash, charge marker. ARGV: tokens, nano, ttl ms. Returns 1 when applied, 0 when
 *  this charge id was already applied (the marker lives as long as the window) or the window is gone. */
export const CHARGE = `
if tonumber(ARGV[3]) <= 0 then return 0 end
if not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then return 0 end
redis.call('HINCRBY', KEYS[1], 't', ARGV[1])
redis.call('HINCRBY', KEYS[1], 'c', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;
