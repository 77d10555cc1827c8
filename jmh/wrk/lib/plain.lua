-- wrk script for plain mode: one request at a time per connection. It defines no request(),
-- so wrk keeps its fast path for a static request; it only adds latency.lua's done().
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "latency.lua")
