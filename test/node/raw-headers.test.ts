/**
 * The request headers `shallot/node` gives a chain read node's rawHeaders
 * without building a `Headers`: `get` and `has` must answer exactly as a real
 * `Headers` over the same fields, for every name a layer may ask, including
 * names that are not tokens (which `Headers` refuses with a TypeError) and
 * non-ASCII letters whose case folds onto ASCII ones (the Kelvin sign 'K'
 * lowercases to 'k', the long s 'ſ' uppercases to 'S').
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headersOfRaw, rawHeaders } from '../../src/node/headers.js';

/** What a call answers, or the kind of error it throws. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (error) {
    return { throws: (error as Error).constructor.name };
  }
}

/** Received names: tokens in any case, as clients send them. */
const received = fc.constantFrom('Host', 'host', 'X-K', 'x-k', 'X-S', 'Content-Type', 'content-type', 'X-Request-Id', 'Accept', 'SET-COOKIE', 'x-i');
/** Asked names: the same with their case changed, look-alikes, and invalid names. */
const asked = fc.oneof(
  received,
  received.map((name) => name.toUpperCase()),
  received.map((name) => name.toLowerCase()),
  fc.constantFrom('x-\u212a', 'X-\u212A', 'x-\u017f', 'X-\u0130', 'x-\u0131', 'cont\u0435nt-type', 'x k', '', 'x-k\n', 'x:k', 'ho\u017ft', 'ΧΑ'),
  fc.string({ maxLength: 4 }),
);
const value = fc.constantFrom('1', 'a b', 'text/plain', '', 'café');

describe('rawHeaders(raw).get / has', () => {
  it('answers as a real Headers over the same fields, for any name (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(received, value), { maxLength: 6 }), fc.array(asked, { minLength: 1, maxLength: 4 }), (fields, names) => {
        const raw = fields.flat();
        // One object asked several names in a row, as layers do; and a fresh one per name.
        const shared = rawHeaders(raw);
        const real = headersOfRaw(raw);
        for (const name of names) {
          expect(outcome(() => shared.get(name)), `get(${JSON.stringify(name)})`).toEqual(outcome(() => real.get(name)));
          expect(outcome(() => rawHeaders(raw).has(name)), `has(${JSON.stringify(name)})`).toEqual(outcome(() => real.has(name)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the Kelvin sign does not find X-K: Headers refuses the name', () => {
    expect(() => rawHeaders(['X-K', '1']).get('x-\u212a')).toThrow(TypeError);
    expect(() => rawHeaders(['X-K', '1']).has('x-\u212a')).toThrow(TypeError);
    expect(rawHeaders(['X-K', '1']).get('x-k')).toBe('1');
  });
});
