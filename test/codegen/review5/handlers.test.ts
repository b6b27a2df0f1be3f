/** Review 5 probes, B/C: handlers that are called (not inlined): this, arguments, methods, bound functions. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const outer = `const outer = middleware('outer', async (req: R, next: Next) => {
  try {
    const res = await next();
    req.log.push('outer ' + res.status);
    return res;
  } catch (e) {
    req.log.push('outer caught ' + (e as Error).message);
    return new Response('caught ' + (e as Error).message, { status: 500 });
  }
});
const stamp = middleware.sync('stamp', (req: R, next: NextSync) => {
  try {
    return next();
  } catch (e) {
    return new Response('sync caught ' + (e as Error).message + ' ' + req.n, { status: 500 });
  }
});
`;

describe('called handlers see this and arguments as in the runtime', () => {
  it('a method handler that reads this (undefined when called as the runtime calls it)', async () => {
    await same('r5-handler-this', {
      'app.ts': `${header}${R}${outer}
export class Router {
  readonly routes = new Map<number, string>([[1, 'one']]);
  handle(req: R): Response {
    const self = this as Router | undefined;
    req.log.push('this ' + typeof self + ' ' + String(self === undefined ? 'none' : self.constructor.name));
    return new Response(self?.routes.get(req.n) ?? 'none');
  }
}
export const router = new Router();
export const viaMethod = chain<R>().use(outer).handle(router.handle);
export const viaMethodSync = chain<R>().use(stamp).handle(router.handle);
export const bare = chain<R>().handle(router.handle);
export const bound = chain<R>().use(outer).handle(router.handle.bind(router));
`,
    });
  });
  it('a function handler that reads arguments.length and this', async () => {
    await same('r5-handler-arguments', {
      'app.ts': `${header}${R}${outer}
export function h(this: unknown, req: R): Response {
  // eslint-disable-next-line prefer-rest-params
  req.log.push('args ' + arguments.length + ' this ' + typeof this);
  return new Response('ok');
}
export const app = chain<R>().use(outer).handle(h);
export const sync = chain<R>().use(stamp).handle(h);
export const only = chain<R>().handle(h);
`,
    });
  });
  it('a layer function that reads arguments.length and this (called)', async () => {
    await same('r5-layer-arguments', {
      'app.ts': `${header}${R}${outer}
export const counted = middleware('counted', async function (this: unknown, req: R, next: Next) {
  // eslint-disable-next-line prefer-rest-params
  req.log.push('args ' + arguments.length + ' this ' + typeof this);
  return next();
});
export const countedSync = middleware.sync('countedSync', function (this: unknown, req: R, next: NextSync) {
  // eslint-disable-next-line prefer-rest-params
  req.log.push('sargs ' + arguments.length + ' this ' + typeof this);
  return next();
});
export const app = chain<R>().use(outer).use(counted).use(countedSync).handle((req) => new Response('n' + req.n));
`,
    });
  });
});
