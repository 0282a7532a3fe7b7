-- wrk script: BATCH (1,000) usage records per request to Kill Bill's POST /1.0/kb/usages (its batch shape: one
-- tracking id, many records of the unit). SUB=<subscription id> TAG=run1 wrk -t2 -c2 -d20s -s killbill-batch.lua URL
local sub, tag = os.getenv("SUB"), os.getenv("TAG") or tostring(os.time())
local size = tonumber(os.getenv("BATCH") or "1000")
local day = os.date("!%Y-%m-%d")
local n, id = 0, 0
setup = function(thread) id = id + 1; thread:set("tid", id) end
request = function()
  n = n + 1
  local records = {}
  for i = 1, size do records[i] = string.format('{"recordDate":"%s","amount":1}', day) end
  local body = string.format('{"subscriptionId":"%s","trackingId":"%s-%d-%d","unitUsageRecords":[{"unitType":"api-calls","usageRecords":[%s]}]}',
    sub, tag, tid, n, table.concat(records, ","))
  return wrk.format("POST", "/1.0/kb/usages", {["Authorization"] = "Basic YWRtaW46cGFzc3dvcmQ=", ["X-Killbill-ApiKey"] = os.getenv("KB_KEY") or "probe",
    ["X-Killbill-ApiSecret"] = os.getenv("KB_SECRET") or "probe-secret", ["X-Killbill-CreatedBy"] = "bench", ["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency) io.write(string.format("p50=%.1fms p95=%.1fms p99=%.1fms\n", latency:percentile(50)/1000, latency:percentile(95)/1000, latency:percentile(99)/1000)) end
