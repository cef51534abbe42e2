-- wrk script: POST increments spread over 100 counters, as ../shared/bench/service.sh's counter
-- workload does. One server at a time, for a quick single figure (docs/BENCHMARKS.md, "Issue #12"):
--   bin/actors serve --port 18090 --data /tmp/wrk-data &
--   wrk -t1 -c64 -d8s -s bench/post-counters.lua http://127.0.0.1:18090 > /dev/null   # warm-up
--   wrk -t1 -c64 -d10s -s bench/post-counters.lua http://127.0.0.1:18090
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("POST", "/counters/c" .. (counter % 100) .. "/increment")
end
