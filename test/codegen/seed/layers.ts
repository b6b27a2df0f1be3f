import { middleware, type Next } from 'shallot';

export const lines: string[] = [];
export const say = (line: string): void => {
  lines.push(line);
};

/** Logging: the path before the inner layers, the status after. */
export const logging = middleware('logging', async (req: { path: string }, next: Next) => {
  say(`-> ${req.path}`);
  const res = await next();
  say(`<- ${res.status}`);
  return res;
});

/** Timing, with its exact log line. */
export const timing = middleware('timing', async (_req: {}, next: Next) => {
  const start = performance.now();
  const res = await next();
  say(`Request took ${((performance.now() - start) / 1000).toFixed(4)} seconds`);
  return res;
});
