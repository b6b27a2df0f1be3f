// The hostile clients of `npm run load` (scripts/load.mjs): raw sockets on
// loopback that do what autocannon never does, while autocannon drives the
// normal routes.
//
// - abort: clients that send part of a body (up to 150 KB of a declared 200 KB
//   to POST /api/echo, which reads it) and then drop the connection (each after a
//   GET / on the same connection, so that they come at the server's pace).
// - unread: keep-alive clients that upload 300 KB bodies the app answers without
//   reading (POST /upload, which looks at a header of the built Request and
//   answers 401; POST /api/echo with a wrong token, which auth answers 401 before
//   anything touches the request), each followed on the same connection by a
//   GET / that must be answered: the bodies have to be drained.
// - over: a 2 MiB chunked upload to POST /upload, over the 1 MiB bodyLimit: the
//   401 must come, and then the server must close the connection.
//
// Every exchange has a time limit; anything else than the expected answers is an
// error, counted and kept (the first few) for the report.
import { connect } from 'node:net';

const EXCHANGE_MS = 5000;
const started = Date.now();

/** A connection whose answers are read one by one (all of the example's answers have a Content-Length). */
function open(port) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let ended = false;
    let wake = () => {};
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      wake();
    });
    socket.on('close', () => {
      ended = true;
      wake();
    });
    socket.on('error', () => {}); // a reset shows as a missing answer
    socket.once('connect', () =>
      resolve({
        socket,
        get ended() {
          return ended;
        },
        write: (data) => new Promise((ok) => socket.write(data, () => ok())),
        /** The next answer's status, or throws after EXCHANGE_MS / when the connection closes first. */
        async answer() {
          const end = Date.now() + EXCHANGE_MS;
          for (;;) {
            const head = buffer.indexOf('\r\n\r\n');
            if (head !== -1) {
              const text = buffer.subarray(0, head).toString('latin1');
              const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
              const length = Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1] ?? 0);
              if (buffer.length >= head + 4 + length) {
                buffer = buffer.subarray(head + 4 + length);
                return status;
              }
            }
            if (ended) throw new Error('the connection closed before an answer');
            if (Date.now() > end) throw new Error(`no answer within ${EXCHANGE_MS} ms`);
            await new Promise((resolve) => {
              const timer = setTimeout(resolve, 50);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
          }
        },
        /** Resolves once the server closed the connection; throws after EXCHANGE_MS. */
        async closedByServer() {
          const end = Date.now() + EXCHANGE_MS;
          while (!ended) {
            if (Date.now() > end) throw new Error(`the server kept the connection open for ${EXCHANGE_MS} ms`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        },
      }),
    );
    socket.once('error', reject);
  });
}

/** `promise`, its failure saying which step of a connection's exchanges it was. */
const step = (promise, what) =>
  promise.catch((error) => {
    throw new Error(`${what}: ${error.message}`);
  });

const head = (...lines) => `${lines.join('\r\n')}\r\n\r\n`;
const body = (size) => Buffer.alloc(size, 'a');

/**
 * One client that sends part of a body and leaves. It asks for GET / first: so
 * clients come no faster than the server takes them (a client that connects,
 * sends and leaves in a loop would pile connections up in the kernel's accept
 * queue faster than any server accepts them, and time out the phase after it).
 */
async function abortMidBody(port) {
  const conn = await open(port);
  await conn.write(head('GET / HTTP/1.1', 'Host: load'));
  const status = await conn.answer();
  if (status !== 200) throw new Error(`GET / before an aborted upload got ${status}, expected 200`);
  await conn.write(head('POST /api/echo HTTP/1.1', 'Host: load', 'Authorization: Bearer secret-ada', 'Content-Type: application/json', 'Content-Length: 200000'));
  await conn.write(body(1 + Math.floor(Math.random() * 150_000)));
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
  conn.socket.destroy();
}

/** One keep-alive connection: unread uploads, each followed by a GET / on it. */
async function unreadBodies(port) {
  const conn = await open(port);
  for (let i = 0; i < 5; i++) {
    const upload =
      i % 2 === 0
        ? head('POST /upload HTTP/1.1', 'Host: load', 'Content-Length: 300000')
        : head('POST /api/echo HTTP/1.1', 'Host: load', 'Authorization: Bearer wrong', 'Content-Length: 300000');
    await conn.write(Buffer.concat([Buffer.from(upload), body(300_000), Buffer.from(head('GET / HTTP/1.1', 'Host: load'))]));
    const first = await step(conn.answer(), `upload ${i + 1}`);
    if (first !== 401) throw new Error(`an unread upload got ${first}, expected 401`);
    const next = await step(conn.answer(), `the GET after upload ${i + 1}`);
    if (next !== 200) throw new Error(`the GET after an unread upload got ${next}, expected 200`);
  }
  conn.socket.end();
}

/** One upload over bodyLimit that the app does not read: 401, then the server closes the connection. */
async function overLimit(port) {
  const conn = await open(port);
  conn.write(head('POST /upload HTTP/1.1', 'Host: load', 'Transfer-Encoding: chunked')).catch(() => {});
  const chunk = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), body(64 * 1024), Buffer.from('\r\n')]);
  // 2 MiB, written without waiting: the server stops reading at the limit.
  for (let i = 0; i < 32; i++) conn.write(chunk).catch(() => {});
  const status = await conn.answer();
  if (status !== 401) throw new Error(`an upload over the limit got ${status}, expected 401`);
  await conn.closedByServer();
}

/** Runs `client` in `concurrency` loops until `until` (a time); counts runs and errors. */
async function loop(port, client, concurrency, until, stats) {
  const one = async () => {
    while (Date.now() < until) {
      try {
        await client(port);
        stats.done++;
      } catch (error) {
        stats.errors++;
        if (stats.samples.length < 5) stats.samples.push(`${error.message}, ${((Date.now() - started) / 1000).toFixed(1)} s in`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
}

const newStats = () => ({ done: 0, errors: 0, samples: [] });

/**
 * The hostile phases against the server on `port`: clients that abort mid-body
 * for `abortMs`, then clients whose bodies the app does not read (and some over
 * the limit) for `unreadMs`. Resolves with what each kind did.
 */
export async function hostilePhases(port, { abortMs, unreadMs, concurrency = 8 }) {
  const abort = newStats();
  await loop(port, abortMidBody, concurrency, Date.now() + abortMs, abort);
  const unread = newStats();
  const over = newStats();
  const until = Date.now() + unreadMs;
  await Promise.all([loop(port, unreadBodies, concurrency, until, unread), loop(port, overLimit, 2, until, over)]);
  return { abort, unread, over };
}
