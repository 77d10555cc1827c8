-- wrk script for pipelined mode: DEPTH requests (default 16, or WRK_PIPELINE) in one write,
-- as in TechEmpower's plaintext test. wrk counts every response toward requests/s and takes
-- one latency sample per batch (until the batch's last response).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "latency.lua")

local batch

init = function(args)
  local depth = tonumber(os.getenv("WRK_PIPELINE") or "") or 16
  local one = wrk.format()
  batch = string.rep(one, depth)
end

request = function()
  return batch
end
