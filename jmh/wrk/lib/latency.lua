-- latency.lua: a done() for wrk 4 that prints the latency percentiles wrk actually measured.
--
-- Before it prints its latency distribution, wrk 4 "corrects" it for coordinated omission:
-- with I = run time / (requests per connection), every sample v >= 2I also adds one copy of
-- itself at v-I, v-2I, ... down to just above I. That guesses at requests a stalled
-- connection would have sent. With pipelining the guess is wrong (wrk counts 16 requests per
-- batch but takes one latency sample per batch, so I is 16 times too small) and its 90 %/99 %
-- lines print 0. This file takes the copies out again: going down from the largest value, the
-- true count at v is the corrected count minus the true counts at v+I, v+2I, ... (all already
-- known, being larger). Percentiles of the true counts follow.
--
-- Needs WRK_CONNECTIONS (the -c value) in the environment. Prints one line, in microseconds:
--   LATENCY samples=N interval_us=I p50=.. p75=.. p90=.. p99=.. p999=.. max=..
-- One sample per request in plain mode, one per batch of pipelined requests.
function done(summary, latency, requests)
  local connections = tonumber(os.getenv("WRK_CONNECTIONS") or "")
  if not connections or connections < 1 then
    io.write("LATENCY unavailable: WRK_CONNECTIONS is not set\n")
    return
  end
  local distinct = #latency
  local values, corrected = {}, {}
  for i = 1, distinct do
    local value, count = latency(i)
    values[i] = value
    corrected[value] = count
  end
  local largest = values[distinct] or 0

  local interval = 0
  local per_connection = math.floor(summary.requests / connections)
  if per_connection > 0 then
    interval = math.floor(summary.duration / per_connection)
  end

  local measured, samples = {}, 0
  for i = distinct, 1, -1 do
    local value = values[i]
    local count = corrected[value]
    if interval > 0 and value > interval then
      local above = value + interval
      while above <= largest do
        count = count - (measured[above] or 0)
        above = above + interval
      end
    end
    measured[value] = count
    samples = samples + count
  end

  local function percentile(p)
    local rank = math.max(1, math.ceil(p / 100 * samples))
    local seen = 0
    for i = 1, distinct do
      seen = seen + measured[values[i]]
      if seen >= rank then
        return values[i]
      end
    end
    return largest
  end

  io.write(string.format("LATENCY samples=%d interval_us=%d p50=%d p75=%d p90=%d p99=%d p999=%d max=%d\n",
    samples, interval, percentile(50), percentile(75), percentile(90), percentile(99), percentile(99.9), largest))
end
