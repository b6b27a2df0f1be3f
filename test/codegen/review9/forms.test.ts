/**
 * Review 9: every function form of a layer, plain and work-starting, in chains with after-code above and
 * work below/above. `audit` is a fire-and-forget async function that logs one microtask after it is started.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const base = `${header}${R}
// Work that runs one microtask after it is started (its first wait is its last): the docs promise it meets the
// chain's code as far along as in the runtime chain.
export async function audit(req: R, tag: string): Promise<void> {
  await null;
  req.log.push(tag);
}
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a after');
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler');
  if (req.n === 3) throw new Error('boom');
  return new Response('ok ' + req.n);
};
const ha = async (req: R): Promise<Response> => {
  req.log.push('ha');
  if (req.n === 3) throw new Error('boom');
  return new Response('ok ' + req.n);
};
const hp = (req: R): Promise<Response> => {
  req.log.push('hp');
  return req.n === 3 ? Promise.reject(new Error('rejected')) : Promise.resolve(new Response('p ' + req.n));
};
const hw = (req: R): Response => {
  void audit(req, 'hw');
  req.log.push('hw');
  return new Response('w');
};
`;

/** Work-starting layers, one per function form. */
const forms: Record<string, string> = {
  arrow: `middleware('arrow', async (req: R, next: Next) => {
  void audit(req, 'A');
  const res = await next();
  req.log.push('arrow after');
  return res;
})`,
  concise: `middleware('concise', async (req: R, next: Next) => (void audit(req, 'C'), next()))`,
  fnexpr: `middleware('fnexpr', async function (req: R, next: Next) {
  const res = await next();
  void audit(req, 'F');
  req.log.push('fnexpr after');
  return res;
})`,
  named: `middleware('named', async function named(req: R, next: Next): Promise<Response> {
  if (req.n === 1) return new Response('early', { status: 401 });
  void audit(req, 'N');
  return next();
})`,
  decl: `middleware('decl', declared)`,
  then: `middleware('then', (req: R, next: Next) => {
  void audit(req, 'T');
  return next().then((res) => {
    req.log.push('then after');
    return res;
  });
})`,
  catcher: `middleware('catcher', (req: R, next: Next) => next().catch((e: unknown) => {
  void audit(req, 'K');
  return new Response('caught ' + String(e), { status: 500 });
}))`,
  resolve: `middleware('resolve', (req: R, next: Next) => {
  if (req.n === 2) {
    void audit(req, 'R');
    return Promise.resolve(new Response('short'));
  }
  return next();
})`,
  tryfin: `middleware('tryfin', async (req: R, next: Next) => {
  try {
    return next();
  } finally {
    void audit(req, 'TF');
  }
})`,
  tryfinAwait: `middleware('tryfinAwait', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    void audit(req, 'TFA');
    req.log.push('fin');
  }
})`,
  trycatch: `middleware('trycatch', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    queueMicrotask(() => req.log.push('qc'));
    return new Response('mapped ' + String(e), { status: 500 });
  }
})`,
  trycatchNoAwait: `middleware('trycatchNoAwait', async (req: R, next: Next) => {
  try {
    return next();
  } catch (e) {
    queueMicrotask(() => req.log.push('qc2'));
    return new Response('never', { status: 500 });
  }
})`,
};

/** Plain layers, one per function form, that start nothing. */
const plain: Record<string, string> = {
  pArrow: `middleware('pArrow', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('pArrow after');
  return res;
})`,
  pConcise: `middleware('pConcise', async (_req: R, next: Next) => next())`,
  pFn: `middleware('pFn', async function (req: R, next: Next) {
  req.log.push('pFn in');
  return next();
})`,
  pThen: `middleware('pThen', (req: R, next: Next) => next().then((res) => {
  req.log.push('pThen after');
  return res;
}))`,
  pCatch: `middleware('pCatch', (req: R, next: Next) => next().catch(() => {
  req.log.push('pCatch');
  return new Response('pc', { status: 502 });
}))`,
  pResolve: `middleware('pResolve', (req: R, next: Next) => (req.n === 4 ? Promise.resolve(new Response('p4')) : next()))`,
  pDecl: `middleware('pDecl', plainDeclared)`,
};

const decls = `async function declared(req: R, next: Next): Promise<Response> {
  req.log.push('decl in');
  const res = await next();
  void audit(req, 'D');
  req.log.push('decl after');
  return res;
}
async function plainDeclared(_req: R, next: Next): Promise<Response> {
  const res = await next();
  res.headers.set('x-decl', '1');
  return res;
}
`;

function appOf(): string {
  let text = base + decls;
  for (const [name, src] of Object.entries({ ...forms, ...plain })) text += `const ${name} = ${src};\n`;
  const handlers = ['h', 'ha', 'hp', 'hw'];
  let i = 0;
  for (const w of Object.keys(forms)) {
    for (const p of Object.keys(plain)) {
      const hd = handlers[i++ % handlers.length];
      // work layer above a plain one, and below one; and used twice.
      text += `export const ${w}_${p}_1 = chain<R>().use(a).use(${w}).use(${p}).handle(${hd});\n`;
      text += `export const ${w}_${p}_2 = chain<R>().use(${p}).use(a).use(${w}).handle(${handlers[i % 4]});\n`;
    }
    text += `export const ${w}_twice = chain<R>().use(${w}).use(a).use(${w}).handle(ha);\n`;
  }
  for (const p of Object.keys(plain)) {
    text += `export const ${p}_hw = chain<R>().use(${p}).use(a).use(${p}).handle(hw);\n`;
    text += `export const ${p}_h = chain<R>().use(a).use(${p}).use(${p}).handle(hp);\n`;
  }
  return text;
}

describe('review9: function forms with work', () => {
  it('every form, above and below plain ones', async () => {
    await same('r9-forms', { 'app.ts': appOf() });
  }, 300_000);
});
