-- wrk script: each request carries a random artist's token, read from the
-- file bench_api wrote (one token a line), so the load spreads over every
-- artist as a crowd of artists' windows would. Requests are prepared in
-- init(): the script costs wrk almost nothing per request.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  math.randomseed(os.time() * 2 + id)
  requests = {}
  for line in io.lines(args[1]) do
    requests[#requests + 1] = wrk.format("GET", nil, { ["Authorization"] = "Bearer " .. line })
  end
end

function request()
  return requests[math.random(#requests)]
end
