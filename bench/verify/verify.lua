-- wrk script of bench/verify: every request asks for a report drawn at random from all of them,
-- so the server's look-up is a real point read among 100,000 rows, never one cached row.
--   wrk -s bench/verify/verify.lua URL -- NUMBERS_FILE [seal]
-- NUMBERS_FILE: one line per report, "<number> <seal payload>" (labwatch_bench_verify_fill
-- --numbers). With "seal", each request also carries that report's payload (?seal=), which the
-- server checks (SM2 signature and digests). nginx gets the same requests; it ignores the path
-- after its location and the query.
local numbers = {}
local seals = {}
local with_seal = false
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("thread_no", threads)
end

function init(args)
  with_seal = args[2] == "seal"
  for line in io.lines(args[1]) do
    local number, seal = line:match("^(%S+) (%S+)$")
    if number then
      numbers[#numbers + 1] = number
      seals[#seals + 1] = seal
    end
  end
  if #numbers == 0 then
    error("no numbers in " .. tostring(args[1]))
  end
  math.randomseed(os.time() * 1000 + (thread_no or 0))
end

function request()
  local i = math.random(#numbers)
  local path = "/api/v1/public/reports/" .. numbers[i]
  if with_seal then
    path = path .. "?seal=" .. seals[i]
  end
  return wrk.format("GET", path)
end
