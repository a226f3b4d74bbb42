-- wrk script: each request is a distinct, validly signed Stripe event read
-- from the file that `bench_intake sign` wrote ("signature<TAB>body" lines).
-- Run with two threads (-t2): each takes every other line, so no event is
-- sent twice while the file lasts.
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  requests = {}
  local n = 0
  for line in io.lines(args[1]) do
    if n % 2 == id then
      local tab = line:find("\t", 1, true)
      requests[#requests + 1] = wrk.format("POST", nil,
        { ["Stripe-Signature"] = line:sub(1, tab - 1), ["Content-Type"] = "application/json" },
        line:sub(tab + 1))
    end
    n = n + 1
  end
  i = 0
end

function request()
  i = i + 1
  if i > #requests then i = 1 end
  return requests[i]
end
