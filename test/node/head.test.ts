/**
 * The fast path of shallot/node's request-target reading agrees with the URL
 * parser: the context's `path` is `new URL(…).pathname`, whatever the target.
 */
import fc from 'fast-check';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readHead } from '../../src/node/head.js';

const fake = (url: string, host = 'example.com:8080'): IncomingMessage =>
  ({ url, method: 'GET', rawHeaders: ['Host', host], socket: {} }) as unknown as IncomingMessage;

describe('readHead', () => {
  it('agrees with new URL(origin + target).pathname on random origin-form targets', () => {
    const chars = fc.constantFrom(...'abcXYZ019-._~!$&\'()*+,;=:@/%?#[]\\^|`{}<> "é'.split(''), '%2e', '%2E', '..', '/.', '/..');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 20 }), (parts) => {
        const target = `/${parts.join('')}`;
        const head = readHead(fake(target), () => 'unused');
        const expected = new URL(`http://example.com:8080${target}`);
        expect(head).toEqual({ method: 'GET', path: expected.pathname, href: expect.any(String) });
        if ('href' in head) expect(new URL(head.href).href).toBe(expected.href);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps a scheme-relative-looking target on this host (//evil is a path, not a host)', () => {
    const head = readHead(fake('//evil.example/../x'), () => 'unused');
    expect(head).toMatchObject({ path: '//x' });
    expect(new URL((head as { href: string }).href).host).toBe('example.com:8080');
  });

  it('reads absolute-form and OPTIONS * targets', () => {
    expect(readHead(fake('http://other.example/a/../b?q'), () => 'x')).toMatchObject({ path: '/b', href: 'http://other.example/b?q' });
    expect(readHead({ ...fake('*'), method: 'OPTIONS' } as IncomingMessage, () => 'x')).toMatchObject({ path: '*' });
  });

  it('refuses a bad Host or target with 400 and a reason', () => {
    expect(readHead(fake('/', 'evil.example/path'), () => 'x')).toEqual({ reason: 'invalid Host header "evil.example/path"' });
    expect(readHead(fake('/', 'a b'), () => 'x')).toHaveProperty('reason');
    expect(readHead(fake('nope'), () => 'x')).toEqual({ reason: 'invalid request target "nope"' });
    expect(readHead(fake('http://[bad/'), () => 'x')).toHaveProperty('reason');
  });

  it('uses the fallback host for a request without Host (HTTP/1.0), and brackets IPv6 hosts', () => {
    const noHost = { url: '/x', method: 'GET', rawHeaders: [], socket: {} } as unknown as IncomingMessage;
    expect(readHead(noHost, () => '127.0.0.1:9')).toMatchObject({ href: 'http://127.0.0.1:9/x' });
    expect(readHead(fake('/x', '[::1]:3000'), () => 'x')).toMatchObject({ href: 'http://[::1]:3000/x' });
  });

  it('refuses an HTTP/1.1 request without Host, and one with two (RFC 9112 §3.2)', () => {
    const noHost = { url: '/x', method: 'GET', rawHeaders: [], socket: {}, httpVersionMajor: 1, httpVersionMinor: 1 } as unknown as IncomingMessage;
    expect(readHead(noHost, () => 'x')).toEqual({ reason: 'an HTTP/1.1 request needs a Host header' });
    const twoHosts = { ...fake('/x'), rawHeaders: ['Host', 'a', 'host', 'a'] } as unknown as IncomingMessage;
    expect(readHead(twoHosts, () => 'x')).toEqual({ reason: 'more than one Host header' });
  });
});
