/**
 * toFetchHandler, the base context, and the light responses of text()/json().
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ShallotError } from '../../src/index.js';
import { shallotThrow } from '../helpers.js';
import { chain } from '../../src/index.js';
import { contextOf, isResponse, json, nativeResponse, text, toFetchHandler, withHeader, type HttpContext } from '../../src/http/index.js';

describe('contextOf', () => {
  it('gives the request, its parsed URL, method, path, headers and signal', () => {
    const request = new Request('http://localhost:8080/a/./b/../c%20d?q=1&q=2', { method: 'PATCH', headers: { 'x-a': '1' } });
    const ctx = contextOf(request);
    expect(ctx.request).toBe(request);
    expect(ctx.url.href).toBe('http://localhost:8080/a/c%20d?q=1&q=2');
    expect(ctx.url.searchParams.getAll('q')).toEqual(['1', '2']);
    expect(ctx.method).toBe('PATCH');
    expect(ctx.path).toBe('/a/c%20d');
    expect(ctx.headers.get('x-a')).toBe('1');
    expect(ctx.signal).toBe(request.signal);
  });

  it('reads nothing of the request until a field is asked for (not the signal, not the URL)', () => {
    const read: string[] = [];
    const request = new Request('http://localhost/a?b=1');
    const spy = new Proxy(request, {
      get(target, key) {
        read.push(String(key));
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const ctx = contextOf(spy);
    expect(read).toEqual([]);
    expect(ctx.path).toBe('/a');
    expect(read).toEqual(['url']);
    expect(ctx.method).toBe('GET');
    expect(read).not.toContain('signal');
    expect(ctx.signal).toBe(request.signal);
  });

  it('reads the path off the URL string as URL parsing would give it', () => {
    for (const href of ['http://h/', 'http://h', 'https://h:8443/a%20b/c?x=/y#z', 'http://h/p#f?q', 'http://h/?q=1', 'http://[::1]:80/v6/x', 'http://h/a/./b/../c', 'http://h#x']) {
      expect(contextOf(new Request(href)).path, href).toBe(new URL(href).pathname);
    }
  });

  it('takes a replaced field as a plain field (a layer that adds { url } or { path })', () => {
    const ctx = contextOf(new Request('http://localhost/a'));
    Object.assign(ctx, { path: '/b', url: new URL('http://other/c') });
    expect(ctx.path).toBe('/b');
    expect(ctx.url.href).toBe('http://other/c');
  });
});

describe('toFetchHandler', () => {
  it('calls the app with the context and returns its response', async () => {
    const handler = toFetchHandler(chain<HttpContext>().handle((req) => text(`${req.method} ${req.path} ${req.url.searchParams.get('x')}`)));
    const res = await handler(new Request('http://localhost/hello?x=1', { method: 'DELETE' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('DELETE /hello 1');
  });

  it('hands the runtime a native Response (a light one is materialized), headers edits included', async () => {
    const handler = toFetchHandler(
      chain<HttpContext>().handle(() => {
        const res = json({ a: 1 }, { status: 201 });
        res.headers.set('x-b', '2');
        return res;
      }),
    );
    const res = await handler(new Request('http://localhost/'));
    expect(Object.getPrototypeOf(res)).toBe(Response.prototype);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('x-b')).toBe('2');
    expect(await res.json()).toEqual({ a: 1 });
  });

  it('hands over every header of a light response that was put, not read: repeated set-cookie, and odd names such as __proto__', async () => {
    const handler = toFetchHandler(
      chain<HttpContext>().handle(() => {
        let res = withHeader(text('ok'), 'set-cookie', 'a=1', 'append');
        res = withHeader(res, 'set-cookie', 'b=2', 'append');
        res = withHeader(res, '__proto__', 'x');
        return withHeader(res, 'x-c', '3');
      }),
    );
    for (let i = 0; i < 2; i++) {
      const res = await handler(new Request('http://localhost/'));
      expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(res.headers.get('__proto__')).toBe('x');
      expect(res.headers.get('x-c')).toBe('3');
      expect(res.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
      expect(await res.text()).toBe('ok');
    }
    const plain = await toFetchHandler(chain<HttpContext>().handle(() => withHeader(text('ok'), '__proto__', 'y')))(new Request('http://localhost/'));
    expect([...plain.headers]).toEqual([['__proto__', 'y'], ['content-type', 'text/plain;charset=UTF-8']]);
  });

  it('turns a thrown error, or a result that is not a Response, into a bare 500, reported to onError', async () => {
    const errors: unknown[] = [];
    const throwing = toFetchHandler(
      () => {
        throw new Error('secret detail');
      },
      { onError: (e) => errors.push(e) },
    );
    const res = await throwing(new Request('http://localhost/'));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
    const wrong = toFetchHandler(async () => ({ status: 200 }) as unknown as Response, { onError: (e) => errors.push(e) });
    expect((await wrong(new Request('http://localhost/'))).status).toBe(500);
    expect(errors.map((e) => (e as Error).message)).toEqual(['secret detail', 'the app returned an object instead of a Response']);
  });

  it('answers a client error of the http-errors kind (4xx, expose: true) with its status and message, unreported', async () => {
    const errors: unknown[] = [];
    const notFound = Object.assign(new Error('no such user'), { status: 404, expose: true });
    const handler = toFetchHandler(chain<HttpContext>().handle((): Response => { throw notFound; }), { onError: (e) => errors.push(e) });
    const res = await handler(new Request('http://localhost/u/7'));
    expect([res.status, await res.text(), res.headers.get('content-type')]).toEqual([404, 'no such user', 'text/plain;charset=UTF-8']);
    const hidden = toFetchHandler(chain<HttpContext>().handle((): Response => { throw Object.assign(new Error('secret'), { status: 404, expose: false }); }), { onError: (e) => errors.push(e) });
    expect((await hidden(new Request('http://localhost/'))).status).toBe(500);
    expect(errors).toHaveLength(1);
  });

  it('rejects an app that is not a function, saying so', () => {
    expect(() => toFetchHandler(42 as unknown as () => Response)).toThrow('toFetchHandler(app): app must be a function');
  });
});

describe('text() and json(): light responses', () => {
  it('are Responses in every way a caller can tell', async () => {
    const res = text('hello', { status: 404, statusText: 'Nope', headers: { 'x-a': '1' } });
    expect(res).toBeInstanceOf(Response);
    expect(isResponse(res)).toBe(true);
    expect(res.status).toBe(404);
    expect(res.statusText).toBe('Nope');
    expect(res.ok).toBe(false);
    expect(res.headers.get('content-type')).toBe('text/plain;charset=UTF-8');
    expect(res.headers.get('x-a')).toBe('1');
    expect(res.bodyUsed).toBe(false);
    expect(res.type).toBe('default');
    const clone = res.clone();
    expect(await clone.text()).toBe('hello');
    expect(await res.text()).toBe('hello');
    expect(res.bodyUsed).toBe(true);
  });

  it('json() keeps the data and serializes it', async () => {
    const res = json({ id: 1, tags: ['a'] });
    expect(res.data).toEqual({ id: 1, tags: ['a'] });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ id: 1, tags: ['a'] });
    const typed = json([1], { headers: { 'content-type': 'application/vnd.api+json' } });
    expect(typed.headers.get('content-type')).toBe('application/vnd.api+json');
  });

  it('header edits made before the body is read are in the native response', async () => {
    const res = text('x');
    res.headers.set('x-late', 'yes');
    const native = nativeResponse(res);
    expect(native.headers.get('x-late')).toBe('yes');
    expect(res.headers).toBe(native.headers);
    expect(await native.arrayBuffer()).toEqual(new TextEncoder().encode('x').buffer);
  });

  it('reject what a native Response rejects, with a BAD_ARGUMENT naming the argument', () => {
    expect(shallotThrow(() => text('x', { status: 99 })).message).toBe('response init { status }: must be an integer from 200 to 599, got number 99');
    expect(shallotThrow(() => text('x', { status: 204 })).message).toBe('response init { status }: a response with status 204 cannot have a body');
    expect(shallotThrow(() => json(undefined)).message).toBe('json(data): undefined is not JSON-serializable');
    const error = shallotThrow(() => text(3 as unknown as string));
    expect([error.code, error.message]).toEqual(['BAD_ARGUMENT', 'text(body): body must be a string, got number 3']);
    expect(shallotThrow(() => text('x', { statusText: 'OK\r\nX-Injected: 1' })).message).toMatch(/^response init \{ statusText \}: the string "OK\\r\\nX-Injected: 1" is not a valid statusText/);
    expect(shallotThrow(() => text('x', { headers: { 'x-euro': '5 €' } })).message).toBe(
      'response init { headers }: "5 €" is not a valid value for header x-euro (a header value is Latin-1 text; percent-encode the rest)',
    );
    expect(shallotThrow(() => json({}, { headers: [['bad name', '1']] })).message).toMatch(/^response init \{ headers \}: "bad name" is not a valid header name/);
  });

  it('take exactly the statusTexts and init headers a native Response takes', () => {
    const statusTexts = ['', 'OK', 'Très bien', 'a\tb', 'a\rb', 'a\nb', 'a\x01b', 'a\x7fb', '5 €', 'ÿ'];
    const headerValues = ['1', ' padded ', 'a\x01b', 'a\rb', 'a\0b', 'é', '€'];
    const takes = (make: () => Response): boolean => {
      try {
        make();
        return true;
      } catch {
        return false;
      }
    };
    for (const statusText of statusTexts) expect([statusText, takes(() => text('x', { statusText }))]).toEqual([statusText, takes(() => new Response('x', { statusText }))]);
    for (const value of headerValues) {
      const init = { headers: { 'x-a': value } };
      expect([value, takes(() => text('x', init))]).toEqual([value, takes(() => new Response('x', init))]);
    }
  });
});

describe('withHeader', () => {
  it('sets on the mutable headers of a native response with a body in place (it can answer one request only)', () => {
    const res = new Response('x');
    expect(withHeader(res, 'x-a', '1')).toBe(res);
    expect(res.headers.get('x-a')).toBe('1');
  });

  it('hands up a copy of a light response, or of one without a body, and leaves that one as it was', async () => {
    for (const res of [text('x'), json({ a: 1 }), text('x', { headers: { 'x-b': '2' } }), new Response(null, { status: 204 })]) {
      const before = [...res.headers];
      const out = withHeader(res, 'x-a', '1');
      expect(out).not.toBe(res);
      expect(out).toBeInstanceOf(Response);
      expect(out.headers.get('x-a')).toBe('1');
      expect([...res.headers]).toEqual(before);
      expect(out.status).toBe(res.status);
      if (res.body !== null) expect(await out.text()).toBe(await res.clone().text());
    }
    const data = { a: 1 };
    expect(withHeader(json(data), 'x-a', '1').data).toBe(data);
  });

  it('copies a response with immutable headers, keeping its own fields', async () => {
    const redirect = Object.assign(Response.redirect('https://example.com/', 301), { note: 'kept' });
    const out = withHeader(redirect, 'x-a', '1', 'append');
    expect(out).not.toBe(redirect);
    expect(out.status).toBe(301);
    expect(out.headers.get('location')).toBe('https://example.com/');
    expect(out.headers.get('x-a')).toBe('1');
    expect(out.note).toBe('kept');
  });

  it('throws BAD_ARGUMENT on an invalid name or value, whatever the response', () => {
    for (const res of [Response.redirect('https://example.com/'), text('x'), new Response('x')]) {
      const value = shallotThrow(() => withHeader(res, 'x-a', 'a\nb'));
      expect([value.code, value.message]).toEqual(['BAD_ARGUMENT', 'withHeader(res, name, value): "a\\nb" is not a valid value for header x-a (a string without NUL or line breaks)']);
      expect(shallotThrow(() => withHeader(res, 'x a', '1')).message).toMatch(/^withHeader\(res, name, value\): "x a" is not a valid header name/);
    }
  });

  it('on a light response, keeps headers as Headers would (set replaces, append joins) without building Headers', async () => {
    let res = text('x');
    res = withHeader(res, 'X-A', '1');
    res = withHeader(res, 'x-a', '2'); // set replaces, whatever the case
    res = withHeader(res, 'Vary', 'Origin', 'append');
    res = withHeader(res, 'vary', 'Accept', 'append');
    res = withHeader(res, 'Set-Cookie', 'a=1', 'append');
    res = withHeader(res, 'Set-Cookie', 'b=2', 'append');
    res = withHeader(res, 'X-Trim', '  padded\t');
    res = withHeader(res, 'Content-Type', 'text/html');
    const expected = new Headers({ 'content-type': 'text/html', 'x-a': '2', vary: 'Origin, Accept', 'x-trim': 'padded' });
    expected.append('set-cookie', 'a=1');
    expected.append('set-cookie', 'b=2');
    expect([...res.headers]).toEqual([...expected]);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await nativeResponse(res).text()).toBe('x');
  });

  it('never changes a shared constant: each use gets its own copy', () => {
    const shared = json({ ok: true });
    expect([...withHeader(shared, 'x-a', '1').headers]).toEqual([['content-type', 'application/json'], ['x-a', '1']]);
    expect([...withHeader(withHeader(shared, 'x-a', '1'), 'x-a', '2', 'append').headers]).toEqual([['content-type', 'application/json'], ['x-a', '1, 2']]);
    expect([...shared.headers]).toEqual([['content-type', 'application/json']]);
  });

  it('accepts exactly the values Headers accepts (a differential test over random strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.constantFrom('\0', '\t', '\n', '\r', ' ', '\x01', '\x7f', 'é', '\xff', '€', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })) }), (value) => {
        let headersTakes: string | undefined;
        try {
          const headers = new Headers();
          headers.set('x-a', value);
          headersTakes = headers.get('x-a')!;
        } catch {
          headersTakes = undefined;
        }
        let ours: string | undefined;
        try {
          ours = withHeader(text('x'), 'x-a', value).headers.get('x-a')!;
        } catch (error) {
          expect((error as ShallotError).code).toBe('BAD_ARGUMENT');
          ours = undefined;
        }
        expect(ours).toBe(headersTakes);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the header when the value is not Latin-1 (the ByteString rule)', () => {
    expect(shallotThrow(() => withHeader(text('x'), 'x-euro', '5 €')).message).toBe(
      'withHeader(res, name, value): "5 €" is not a valid value for header x-euro (a header value is Latin-1 text; percent-encode the rest)',
    );
  });
});
