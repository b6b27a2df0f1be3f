/**
 * `NODE_ENV` where the runtime has a `process` (Node, Bun, Deno), `undefined`
 * where it has none (workerd, browsers). One lookup for every default that
 * depends on it: the guards, the error boundary's stacks.
 */
export const nodeEnv = (): string | undefined =>
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV;

/** Whether a `process` exists at all (a runtime without one is treated as production). */
export const hasProcessEnv = (): boolean => (globalThis as { process?: { env?: unknown } }).process?.env !== undefined;
