/** Review 3 probes: the function codegen reads for a layer is the one the runtime chain runs (lets, vars, reassignments before the chain is built). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('which function a layer is', () => {
  it('a let layer and a let function reassigned by a configure() call before the chain is built', async () => {
    await same('r3-let-layer', {
      'layers.ts': `${header}${R}
export let authFn = async (req: R, next: Next) => {
  req.log.push('default auth');
  return next();
};
export let auth = middleware('auth', authFn);
export function configure(): void {
  authFn = async (req: R, next: Next) => {
    req.log.push('configured auth');
    return next();
  };
  auth = middleware('auth', authFn);
}
`,
      'app.ts': `${header}import { type R, auth, authFn, configure } from './layers.js';
configure();
const byFn = middleware('byFn', authFn);
export const app = chain<R>().use(auth).use(byFn)${handler};
`,
    });
  });

  it('a var layer declared twice (the second declaration wins at run time)', async () => {
    await same('r3-var-twice', {
      'app.ts': `${header}${R}
var tag = middleware('tag', async (req: R, next: Next) => {
  req.log.push('first tag');
  return next();
});
var tag = middleware('tag', async (req: R, next: Next) => {
  req.log.push('second tag');
  return next();
});
export const app = chain<R>().use(tag)${handler};
`,
    });
  });

  it('a function declaration with an overload signature (called: codegen reads the overload, not the implementation; an inlining miss)', async () => {
    await same('r3-overloads', {
      'app.ts': `${header}${R}
function pick(req: R, next: Next): Promise<Response>;
function pick(req: R, next: Next): Promise<Response> {
  req.log.push('impl');
  return next();
}
const picked = middleware('pick', pick);
export const app = chain<R>().use(picked)${handler};
`,
    });
  });
});
