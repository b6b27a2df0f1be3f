// The load client of bench/http.bench.mjs where wrk is not installed:
// `node bench/http-client.mjs URL CONNECTIONS SECONDS` runs autocannon in this
// process (never in the bench's own, nor the server's) and prints its figures as JSON.
import autocannon from 'autocannon';

const [url, connections, seconds] = process.argv.slice(2);
const result = await autocannon({ url, connections: Number(connections), duration: Number(seconds) });
console.log(
  JSON.stringify({
    rps: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    p99: result.latency.p99,
  }),
);
