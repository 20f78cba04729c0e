-- wrk script for scripts/compare-serve.sh: the app-token flow's request mix.
-- Each connection alternates session.startWidgetSession and appToken.startSession; the
-- startSession calls take (ks, tokenHash) pairs from the pool file given after `--`, of which
-- 10% carry a wrong hash (realistic mistakes, so ksdiag serve runs a diagnosis on each).
-- Counts answers by kind so that a wrong or failed answer cannot pass unnoticed.
local pool, n, i = {}, 0, 0
-- Globals (not local): done() reads them from each thread with thread:get.
n_session, n_rejected, n_widget, n_other, n_non200 = 0, 0, 0, 0, 0
local threads = {}
local json = { ["Content-Type"] = "application/json" }
local widget_body = '{"widgetId":"_1234567","format":1}'

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local ks, hash = line:match("^(%S+)\t(%S+)$")
    if ks then
      n = n + 1
      pool[n] = '{"ks":"' .. ks .. '","id":"0_bench001","tokenHash":"' .. hash .. '","format":1}'
    end
  end
end

function request()
  i = i + 1
  if i % 2 == 1 then
    return wrk.format("POST", "/api_v3/service/session/action/startWidgetSession", json, widget_body)
  end
  return wrk.format("POST", "/api_v3/service/apptoken/action/startSession", json, pool[(math.floor(i / 2) % n) + 1])
end

function response(status, headers, body)
  if status ~= 200 then
    n_non200 = n_non200 + 1
  elseif body:find('KalturaSessionInfo', 1, true) then
    n_session = n_session + 1
  elseif body:find('INVALID_APP_TOKEN_HASH', 1, true) then
    n_rejected = n_rejected + 1
  elseif body:find('KalturaStartWidgetSessionResponse', 1, true) then
    n_widget = n_widget + 1
  else
    n_other = n_other + 1
  end
end

function done(summary, latency, requests)
  local t = { session = 0, rejected = 0, widget = 0, other = 0, non200 = 0 }
  for _, thread in ipairs(threads) do
    for _, k in ipairs({ "session", "rejected", "widget", "other", "non200" }) do
      t[k] = t[k] + thread:get("n_" .. k)
    end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("MIX widget=%d session=%d rejected=%d other=%d non200=%d errors=%d secs=%.3f p50_us=%d p99_us=%d\n",
    t.widget, t.session, t.rejected, t.other, t.non200,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    secs, latency:percentile(50), latency:percentile(99)))
end
