// The work every benchmarked layer does, the same in every library, so that what
// differs is only how the layers are composed: a counter on the request before
// next() and after it, and a header set on the response after it. Codegen cannot
// delete any of it (a layer that only hands up next()'s response generates no
// code at all, which measured nothing). The response is a small object with a
// Map for headers, made once: a Fetch Response's Headers cost more than the
// dispatch being measured, and shallot's core is not tied to Fetch.
//
// Layer i of a chain of distinct layers sets header `x-l<i>`; the reused layer,
// used N times, sets `x-tick`.

/** The header layer i sets (`tick` for the reused layer). */
export const key = (i) => (i === 'tick' ? 'x-tick' : `x-l${i}`);

/** A layer's body, as JavaScript, for each library's layer signature. */
export const sources = {
  shallot: (i) => `async (req, next) => { req.count++; const res = await next(); req.count++; res.headers.set('${key(i)}', req.count); return res; }`,
  shallotSync: (i) => `(req, next) => { req.count++; const res = next(); req.count++; res.headers.set('${key(i)}', req.count); return res; }`,
  koa: (i) => `async (ctx, next) => { ctx.count++; await next(); ctx.count++; ctx.body.headers.set('${key(i)}', ctx.count); }`,
  hono: (i) => `async (c, next) => { c.count++; await next(); c.count++; c.res.headers.set('${key(i)}', c.count); }`,
  middy: (i) => `({ before: async (request) => { request.event.count++; }, after: async (request) => { request.event.count++; request.response.headers.set('${key(i)}', request.event.count); } })`,
};

/** The same layer as TypeScript, for the chains codegen compiles. */
export const typedLayer = (name, i, sync) =>
  sync
    ? `const ${name} = middleware.sync('${name}', (req: Req, next: NextSync<{}, Res>) => {\n  req.count++;\n  const res = next();\n  req.count++;\n  res.headers.set('${key(i)}', req.count);\n  return res;\n});`
    : `const ${name} = middleware('${name}', async (req: Req, next: Next<{}, Res>) => {\n  req.count++;\n  const res = await next();\n  req.count++;\n  res.headers.set('${key(i)}', req.count);\n  return res;\n});`;

/**
 * What a person would write instead of N such layers: straight-line code, the
 * counters before, the handler, the counters and headers after, innermost first.
 */
export const flatSource = (name, keys, sync) =>
  [
    `export const ${name} = ${sync ? '' : 'async '}(req: Req): ${sync ? 'Res' : 'Promise<Res>'} => {`,
    ...keys.map(() => '  req.count++;'),
    '  const res = handler(req);',
    ...[...keys].reverse().map((k) => `  req.count++;\n  res.headers.set('${k}', req.count);`),
    '  return res;',
    '};',
  ].join('\n');

/** What the request's count must be after N layers: two per layer. */
export const expectedCount = (n) => 2 * n;
