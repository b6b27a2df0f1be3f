/** Review probes: names a copy cannot keep (arguments, this), exports, imports. */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from './lib.js';

describe('arguments, this', () => {
  it('arguments read by an arrow nested in a function-expression layer is the layer\'s own (arrows do not bind arguments)', async () => {
    await same('arguments-arrow', {
      'app.ts': `${header}${R}
const counter = middleware('counter', async function (req: R, next: Next) {
  const count = (): number => arguments.length;
  req.log.push('args ' + count());
  return next();
});
export const app = chain<R>().use(counter).handle((req) => new Response(req.log.join(',')));
`,
    });
  });

  it('arguments read by an arrow nested in a function-expression handler', async () => {
    await same('arguments-arrow-handler', {
      'app.ts': `${header}${R}
export const app = chain<R>().handle(function (req) {
  const count = (): number => arguments.length;
  return new Response('handler args ' + count() + ' ' + req.n);
});
`,
    });
  });

  it('a this: void parameter is not the request', async () => {
    const p = await same('this-param', {
      'app.ts': `${header}${R}
const stamp = middleware('stamp', async function (this: void, req: R, next: Next) {
  req.log.push('stamp');
  return next();
});
const plain = middleware('plain', async function (this: void, req: R): Promise<Response> {
  return new Response('plain ' + req.n);
});
export const app = chain<R>().use(stamp).handle(function (this: void, req) {
  return new Response(req.log.join(','));
});
export const other = chain<R>().use(plain).handle(() => new Response('never'));
`,
    });
    // Not a failure of behaviour, but the reasons printed.
    const text = p.generated('app.ts');
    expect(text).not.toMatch(/takes \d parameters/);
    expect(text).not.toMatch(/passes next around/);
  });
});

describe('this, new.target, eval, super, import.meta inside nested code', () => {
  it('methods of additions reading this, a class with super in a layer, new.target in a nested function, indirect and direct eval', async () => {
    await same('nested-bindings', {
      'app.ts': `${header}${R}
const session = middleware('session', async (req: R, next: Next<{ session: { data: string[]; add(s: string): number } }>) => {
  const res = await next({
    session: {
      data: [],
      add(s: string) {
        return this.data.push(s);
      },
    },
  });
  res.headers.set('x-session', String(req.n));
  return res;
});
const classes = middleware('classes', async (req: R, next: Next) => {
  class Base {
    label(): string {
      return 'base';
    }
  }
  class Child extends Base {
    override label(): string {
      return 'child of ' + super.label();
    }
  }
  function Made(this: unknown): void {
    req.log.push('new.target ' + (new.target === undefined ? 'none' : 'set'));
  }
  Made.call(null);
  req.log.push(new Child().label());
  return next();
});
const evaluated = middleware('evaluated', async (req: R, next: Next) => {
  const indirect = (0, eval)('typeof req');
  req.log.push('indirect ' + indirect);
  const local = 'local';
  req.log.push('direct ' + eval('typeof local') + local.length);
  return next();
});
export const app = chain<R>().use(session).use(classes).use(evaluated).handle((req) => {
  req.session.add('handler');
  return new Response(req.log.join(',') + ' ' + req.session.data.join(','));
});
`,
    });
  });
});

describe('globals a copy reads', () => {
  it('a chain exported as fetch, whose layer (from another module) calls the global fetch', async () => {
    await same('global-shadowed-by-export', {
      'proxy.ts': `import { middleware, type Next } from 'shallot';
${R}
export const proxy = middleware('proxy', async (req: R, next: Next) => {
  if (req.n === 1) {
    const upstream = await fetch('data:text/plain,proxied');
    return new Response(await upstream.text(), { status: 203 });
  }
  return next();
});
`,
      'app.ts': `import { chain } from 'shallot';
import { proxy, type R } from './proxy.js';
export const fetch = chain<R>().use(proxy).handle((req) => new Response('local ' + req.n));
`,
    }, [{ n: 0 }, { n: 1 }]);
  });
});
