/**
 * Helpers for the shallot/node tests (not a test file itself).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach } from 'vitest';
import type { HttpApp } from '../../src/http/index.js';
import { serve, type Served, type ServeOptions } from '../../src/node/index.js';

const open: Served[] = [];

/** Serves `app` on 127.0.0.1, port 0; closed after the test. Errors reaching onError are collected. */
export async function start(app: HttpApp, options: ServeOptions = {}): Promise<Served & { errors: unknown[] }> {
  const errors: unknown[] = [];
  const served = await serve(app, { port: 0, onError: (e) => errors.push(e), ...options });
  open.push(served);
  return Object.assign(served, { errors });
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close(100)));
});

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `test` every 10 ms until it holds (or fails after `ms`). */
export async function until(test: () => boolean, ms = 3000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A node:http request whose response is collected; `write` feeds the body. */
export function call(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: (write: (chunk: Buffer) => Promise<void>) => Promise<void> } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (!options.body) {
      req.end();
      return;
    }
    const write = (chunk: Buffer): Promise<void> =>
      new Promise((ok) => {
        if (req.write(chunk)) ok();
        else req.once('drain', ok);
      });
    options.body(write).then(() => req.end(), reject);
  });
}
