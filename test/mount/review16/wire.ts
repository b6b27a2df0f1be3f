/** Raw-socket helpers for the review16 tests (not a test file). */
import { connect } from 'node:net';

/** Raw request on a socket; resolves with everything the server sent until it closes or `ms` pass. */
export function raw(url: string, bytes: string, ms = 5000): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (out += d));
    socket.on('error', reject);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(out);
    }, ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    socket.write(bytes);
  });
}

