-- wrk script: POST /api/auth/usage with batches of BATCH (default 100) new records of 1
-- request for one user, in one transaction each (docs/plans.md "Batches"). Env: API_KEY,
-- USER_ID, ORIGIN, BATCH.
local key = os.getenv("API_KEY") or ""
local user = os.getenv("USER_ID") or ""
local origin = os.getenv("ORIGIN") or "http://127.0.0.1:3000"
local batch = tonumber(os.getenv("BATCH") or "100")
local counter = 0
local prefix = ""
local threads = 0

function setup(thread)
  thread:set("prefix", "b" .. threads .. "-")
  threads = threads + 1
end

function request()
  local parts = {}
  for i = 1, batch do
    counter = counter + 1
    parts[i] = string.format(
      '{"userId":"%s","meter":"requests","quantity":1,"idempotencyKey":"%s%d"}', user, prefix, counter)
  end
  return wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["x-api-key"] = key,
  }, '{"records":[' .. table.concat(parts, ",") .. ']}')
end
