/** Review 2 probes: a chain codegen cannot read, alone in its module, after the module was generated once. */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromProjectDir, generateAll } from '../../codegen-support/codegen.js';
import { diagnostics, gen, header } from '../review/lib.js';

describe('an unreadable chain alone in its module', () => {
  it('was generated before: the old app.gen.ts stays, loads, and answers with the old handler', async () => {
    const p = gen('opaque-alone', {
      'app.ts': `${header}
const stamp = middleware('stamp', async (req: { log: string[] }, next: Next) => {
  req.log.push('stamp');
  return next();
});
export const app = chain<{ log: string[] }>().use(stamp).handle(() => new Response('v1'));
`,
    });
    expect(diagnostics(p)).toBe('');
    // The app is now built by a helper (its handler changed too): codegen cannot read it.
    fs.writeFileSync(path.join(p.dir, 'app.ts'), `${header}
const stamp = middleware('stamp', async (req: { log: string[] }, next: Next) => {
  req.log.push('stamp');
  return next();
});
const build = (body: string) => chain<{ log: string[] }>().use(stamp).handle(() => new Response(body));
export const app = build('v2');
`);
    const result = generateAll(fromProjectDir(p.dir), { inline: true });
    const messages = result.diagnostics.map((d) => d.message).join('\n');
    expect(messages).toContain('app');
    const source = (await import(pathToFileURL(path.join(p.dir, 'app.ts')).href + '?v2')) as { app: (r: object) => Promise<Response> };
    const generated = (await import(pathToFileURL(path.join(p.dir, 'app.gen.ts')).href + '?v2')) as { app: (r: object) => Promise<Response> };
    const runtime = await (await source.app({ log: [] })).text();
    const flat = await (await generated.app({ log: [] })).text();
    expect({ runtime, flat, written: result.outputs.map((o) => path.basename(o.path)) }).toEqual({ runtime: 'v2', flat: 'v2', written: ['app.gen.ts'] });
  });
});
