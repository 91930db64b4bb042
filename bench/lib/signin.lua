-- wrk script: POST /api/auth/sign-in/email, cycling through the N users bench/run.sh
-- signed up (bench-<i>@example.com / bench-password-123). Same requests as the Better Auth
-- peer's signin.lua, so both servers see the same load. Env: N (user count), ORIGIN (the
-- server's own origin, sent as Origin: both servers check it on POSTs).
local n = tonumber(os.getenv("N") or "100")
local origin = os.getenv("ORIGIN") or "http://127.0.0.1:3000"
local counter = 0
local offset = 0
local threads = 0

function setup(thread)
  -- wrk threads start at different users so that they do not move in lockstep
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

function init(args)
  offset = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  local i = (offset + counter) % n + 1
  local body = string.format('{"email":"bench-%d@example.com","password":"bench-password-123"}', i)
  return wrk.format("POST", wrk.path, {
    ["Content-Type"] = "application/json",
    ["Origin"] = origin,
  }, body)
end
