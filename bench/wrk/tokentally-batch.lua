-- wrk script: batches of BATCH (1,000) unique usage events per request to Tokentally's POST /api/v1/usage/batch.
-- KEY=<api key> TAG=run1 BATCH=1000 wrk -t2 -c2 -d20s -s tokentally-batch.lua http://127.0.0.1:PORT
-- Same shape as killbill-batch.lua; each event is the single-event script's event.
local key, tag = os.getenv("KEY"), os.getenv("TAG") or tostring(os.time())
local size = tonumber(os.getenv("BATCH") or "1000")
local n, id = 0, 0
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  n = n + 1
  local events = {}
  for i = 1, size do
    events[i] = string.format('{"idempotency_key":"%s-%d-%d-%d","provider":"openai","model":"gpt-4o-mini","input_tokens":1000,"output_tokens":200,"user":"user%d@acme.test"}', tag, tid, n, i, i % 50)
  end
  return wrk.format("POST", "/api/v1/usage/batch", {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"},
    '{"events":[' .. table.concat(events, ",") .. ']}')
end
done = function(summary, latency) io.write(string.format("p50=%.1fms p95=%.1fms p99=%.1fms\n", latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000)) end
