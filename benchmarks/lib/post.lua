-- SPDX-License-Identifier: Apache-2.0
-- wrk script: POSTs the bodies of $BODIES (one per line, cycled) and prints one RESULT and one LATENCY line
-- (microseconds) for the runner to parse. By default an AWS JSON 1.1 call to / with X-Amz-Target $AMZ_TARGET;
-- $REQ_PATH, $CONTENT_TYPE and $AUTHORIZATION make it a form POST to /oauth2/token with HTTP Basic instead; $HEADERS
-- names a file of "Name: value" lines added to every request (a captured SigV4 signature, replayed).
local target = os.getenv("AMZ_TARGET")
local path = os.getenv("REQ_PATH") or "/"
local contentType = os.getenv("CONTENT_TYPE") or "application/x-amz-json-1.1"
local authorization = os.getenv("AUTHORIZATION")
local requests = {}

-- Built in init(), once wrk knows the host: wrk.format adds no Host header by itself at load time.
init = function(_)
  local headers = { ["Host"] = wrk.host .. ":" .. tostring(wrk.port), ["Content-Type"] = contentType }
  if target and #target > 0 then headers["X-Amz-Target"] = target end
  if authorization and #authorization > 0 then headers["Authorization"] = authorization end
  local extra = os.getenv("HEADERS")
  if extra and #extra > 0 then
    for line in io.lines(extra) do
      local name, value = line:match("^([^:]+):%s*(.*)$")
      if name then headers[name] = value end
    end
  end
  for line in io.lines(os.getenv("BODIES")) do
    if #line > 0 then
      requests[#requests + 1] = wrk.format("POST", path, headers, line)
    end
  end
end

local i = 0
request = function()
  i = i % #requests + 1
  return requests[i]
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout))
  io.write(string.format('LATENCY {"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}\n',
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
