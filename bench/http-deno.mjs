// One Deno server for bench/http.bench.mjs: `deno run … bench/http-deno.mjs <name>`
// serves GET /hello on 127.0.0.1 (a free port, printed as {"port": N} on stdout)
// with a handler of bench/http-fetch.mjs, or Hono ('hono' from the import map the bench passes).
import { handlers, honoApp } from './http-fetch.mjs';

const name = Deno.args[0];
const fetch = name === 'hono' ? honoApp((await import('hono')).Hono).fetch : handlers[name];
if (fetch === undefined) {
  console.error(`bench/http-deno.mjs: unknown server ${JSON.stringify(name)}`);
  Deno.exit(2);
}
Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => console.log(JSON.stringify({ port })) }, fetch);
