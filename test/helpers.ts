/**
 * Small helpers shared by the runtime tests (not a test file itself).
 */
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';
import { ShallotError, type ShallotErrorCode } from '../src/index.js';

/** Awaits `result` and returns the ShallotError it rejects with; fails on fulfilment or another error. */
export async function shallotRejection(result: unknown): Promise<ShallotError> {
  try {
    await result;
  } catch (error) {
    if (error instanceof ShallotError) return error;
    throw error;
  }
  throw new Error('expected a rejection with a ShallotError, but the promise fulfilled');
}

/** Calls `fn` and returns the ShallotError it throws synchronously; fails otherwise. */
export function shallotThrow(fn: () => unknown): ShallotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ShallotError) return error;
    throw error;
  }
  throw new Error('expected a synchronous ShallotError, but nothing was thrown');
}

/** What a test expects of a ShallotError: its code, and the layer it names and a part of its message when given. */
export interface ShallotErrorShape {
  readonly code: ShallotErrorCode;
  readonly layer?: string;
  readonly message?: string;
}

/** Asserts that `error` is a ShallotError of this shape (code and layer in one comparison); returns it. */
export function expectShallotError(error: unknown, shape: ShallotErrorShape): ShallotError {
  expect(error).toBeInstanceOf(ShallotError);
  const e = error as ShallotError;
  expect(shape.layer === undefined ? { code: e.code } : { code: e.code, layer: e.layer }).toEqual(shape.layer === undefined ? { code: shape.code } : { code: shape.code, layer: shape.layer });
  if (shape.message !== undefined) expect(e.message).toContain(shape.message);
  return e;
}

/** Resolves after `ms` milliseconds. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A random small delay: 0 to 2 ms through a timer, or one microtask. */
export function jitter(): Promise<void> {
  const r = Math.random();
  if (r < 0.25) return new Promise((resolve) => queueMicrotask(resolve));
  return delay(Math.floor(r * 3));
}

/** The guard settings the suites run under. */
export const guardModes = [
  { mode: 'guards on', guards: true },
  { mode: 'guards off', guards: false },
] as const;

/**
 * Sets NODE_ENV for each test of the calling describe block and restores it after,
 * so tests of the default guard setting do not depend on how vitest was started.
 */
export function useNodeEnv(value: string): void {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.NODE_ENV;
    process.env.NODE_ENV = value;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = saved;
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on (the OS picks it; free until someone takes it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  await new Promise((ok) => server.close(ok));
  return port;
}
