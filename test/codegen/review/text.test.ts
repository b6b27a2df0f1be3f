/** Review probes: user text that lands in the generated module's comments. */
import { describe, it } from 'vitest';
import { R, header, same } from './lib.js';

describe('text in comments', () => {
  it('a factory called through a member chain that the formatter broke over lines', async () => {
    await same('text-multiline-callee', {
      'app.ts': `${header}${R}
export const limiter = {
  configure: (max: number) => ({
    middleware: () =>
      middleware('limit', async (req: R, next: Next) => {
        if (req.n > max) return new Response('limited', { status: 429 });
        return next();
      }),
  }),
};
export const app = chain<R>()
  .use(
    limiter
      .configure(3)
      .middleware(),
  )
  .handle((req) => new Response('n=' + req.n));
`,
    });
  });

  it('a handler made by a factory called over several lines', async () => {
    await same('text-multiline-handler', {
      'app.ts': `${header}${R}
export const handlers = {
  json: (body: string) => (req: R) => new Response(body + req.n),
};
export const app = chain<R>().handle(
  handlers
    .json('n='),
);
`,
    });
  });

  it('layer names with quotes, backticks, ${, backslashes, */ and U+2028', async () => {
    await same('text-names', {
      'app.ts': `${header}${R}
const a = middleware("it's \`\${x}\` \\\\ */ end", async (req: R, next: Next) => {
  req.log.push('a');
  return next();
});
const b = middleware('line\\u2028separator', async (req: R, next: Next) => {
  req.log.push('b');
  return next();
});
export const app = chain<R>().use(a).use(b).handle((req) => new Response(req.log.join(',')));
`,
    });
  });
});
