-- wrk: non-streamed chat completions at a steady pace; each connection waits DELAY ms (a whole number) before
-- every call, so wrk -cN gives about N * 1000 / (DELAY + latency) calls/s whatever the gateway could take.
local hdrs = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("KEY") or "sk-fake")}
local body = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello"}],"max_tokens":50}'
local pause = tonumber(os.getenv("DELAY") or "10")
request = function() return wrk.format("POST", "/v1/chat/completions", hdrs, body) end
delay = function() return pause end
done = function(s, lat) io.write(string.format("p50=%.2fms p99=%.2fms\n", lat:percentile(50)/1000, lat:percentile(99)/1000)) end
