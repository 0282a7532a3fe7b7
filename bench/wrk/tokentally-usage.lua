-- wrk script: one unique single usage event per request to Tokentally's POST /api/v1/usage.
-- KEY=<api key> TAG=run1 wrk -t2 -c8 -d30s -s tokentally-usage.lua http://127.0.0.1:PORT
-- Same shape as killbill-usage.lua (no response callback, so wrk's cost per request is the same for both).
local key, tag = os.getenv("KEY"), os.getenv("TAG") or tostring(os.time())
local n, id = 0, 0
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  n = n + 1
  local body = string.format('{"idempotency_key":"%s-%d-%d","provider":"openai","model":"gpt-4o-mini","input_tokens":1000,"output_tokens":200,"user":"user%d@acme.test"}', tag, tid, n, n % 50)
  return wrk.format("POST", "/api/v1/usage", {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency) io.write(string.format("p50=%.1fms p95=%.1fms p99=%.1fms\n", latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000)) end
