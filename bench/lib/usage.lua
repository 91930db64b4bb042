-- wrk script: POST /api/auth/usage (docs/plans.md), each request a new record (its own
-- idempotency key) of 1 request for one user. Env: API_KEY (granted usage:record), USER_ID,
-- ORIGIN.
local key = os.getenv("API_KEY") or ""
local user = os.getenv("USER_ID") or ""
local origin = os.getenv("ORIGIN") or "http://127.0.0.1:3000"
local counter = 0
local prefix = ""
local threads = 0

function setup(thread)
  thread:set("prefix", "t" .. threads .. "-")
  threads = threads + 1
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"userId":"%s","meter":"requests","quantity":1,"idempotencyKey":"%s%d"}', user, prefix, counter)
  return wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
    ["x-api-key"] = key,
  }, body)
end
