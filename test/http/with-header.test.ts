/**
 * `withHeader` decides what is a valid header as `Headers` does, with a fast
 * path for plain ASCII values and a cache of names it found valid: whatever the
 * name and value, in whatever order they come, a light response gets what a
 * real `Headers` stores (or both refuse).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { json, text, withHeader } from '../../src/http/index.js';

const name = fc.oneof(
  fc.constantFrom('X-Custom-Header', 'x-custom-header', 'Server-Timing', 'set-cookie', 'Vary', 'x-\u212a', 'x k', '', 'x:y', 'X-É'),
  fc.string({ maxLength: 3 }),
);
const value = fc.oneof(
  fc.constantFrom('Hello', ' padded ', '\tx', 'x\t', 'a\tb', 'café', '5 €', 'a\nb', 'a\0b', 'a\x01b', '', ' ', 'total;dur=0.1'),
  fc.string({ maxLength: 4 }),
  fc.string({ maxLength: 4, unit: 'binary' }),
);

/** What a real `Headers` makes of the puts: the value of each name, or that it threw. */
function viaHeaders(puts: readonly (readonly [string, string, 'set' | 'append'])[]): unknown {
  const headers = new Headers({ 'content-type': 'text/plain;charset=UTF-8' });
  try {
    for (const [n, v, mode] of puts) headers[mode](n, v);
  } catch {
    return 'throws';
  }
  return [...headers];
}

function viaWithHeader(puts: readonly (readonly [string, string, 'set' | 'append'])[], start: () => Response): unknown {
  let res = start();
  try {
    for (const [n, v, mode] of puts) res = withHeader(res, n, v, mode);
  } catch {
    return 'throws';
  }
  return [...res.headers];
}

/**
 * An empty value appended to a name already there: `Headers` itself keeps the
 * joined ', ' only in place (a copy, `new Headers(h)`, trims it to ','), so there
 * is no one answer to match.
 */
const appendsEmpty = (puts: readonly (readonly [string, string, 'set' | 'append'])[]): boolean =>
  puts.some(([n, v, mode], i) => mode === 'append' && v.trim() === '' && puts.slice(0, i).some(([m]) => m.toLowerCase() === n.toLowerCase()));

describe('withHeader', () => {
  it('stores what Headers stores, or refuses what it refuses (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value, fc.constantFrom('set' as const, 'append' as const)), { minLength: 1, maxLength: 4 }), (puts) => {
        fc.pre(!appendsEmpty(puts));
        expect(viaWithHeader(puts, () => text('x'))).toEqual(viaHeaders(puts));
        const withJson = viaWithHeader(puts, () => json({}));
        const expected = viaHeaders(puts);
        expect(withJson).toEqual(expected === 'throws' ? 'throws' : (expected as [string, string][]).map(([n, v]) => [n, n === 'content-type' && v.startsWith('text/plain') ? 'application/json' : v]));
      }),
      { numRuns: 3000 },
    );
  });
});
