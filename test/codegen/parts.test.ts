/**
 * The built-in layers of shallot/http (logger, timing, requestId, setHeader,
 * errorBoundary) are made of parts, which a generated handler runs in line. Same behaviour,
 * proven as in differential.test.ts: random chains of built-in layers (every
 * option that changes what they do, sinks and `when`s that throw, a generator
 * whose id is not a valid header value), mixed with the user's own layers
 * (inlined: answering early, throwing, adding, reading an addition; called: a
 * factory's layer, one that runs alongside the layers below; one that queues
 * work after its next(), alongside the leave of the layers above; sync layers
 * below), over handlers that answer, throw, reject, answer late or answer
 * something that is not a response, with the guards on and off. For every
 * request the generated handler must answer as the runtime chain does: the same
 * response (status, body, headers), a promise exactly when the runtime answers
 * one, the same error, and the same effects (log lines included) in the same
 * order. PARTS_CHAINS (default 300) chains; PARTS_SEED replays a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShallotError } from 'shallot';
import { fromProjectDir, generateAll } from '../codegen-support/codegen.js';

const total = Number(process.env['PARTS_CHAINS'] ?? 300);
const seed = Number(process.env['PARTS_SEED'] ?? Date.now() % 2 ** 31);
const requests = 12;

const builtins = [
  'logger({ sink })',
  'logger({ sink: throwingSink })',
  'timing({ sink })',
  'timing({ sink: false })',
  "timing({ sink: false, metric: 'app' })",
  'timing({ sink, metric: false })',
  'requestId()',
  "requestId({ generate: () => 'fixed id' })",
  "requestId({ generate: () => 'bad\\nid' })",
  "requestId({ header: 'X-Trace', trustIncoming: false, generate: () => 'trace-1' })",
  "setHeader('X-Custom-Header', 'Hello')",
  "setHeader('X-Status', 'OK', { when: (res) => res.status === 200 })",
  "setHeader('X-Latin', 'caf\\u00e9')",
  "setHeader('X-When', 'yes', { when: whenThrows })",
  'errorBoundary({ expose: false, onError: boundarySink })',
  'errorBoundary({ expose: false, onError: throwingOnError })',
] as const;

type Use =
  | { readonly k: 'builtin'; readonly which: number }
  | { readonly k: 'early'; readonly mod: number; readonly rem: number }
  | { readonly k: 'thrower'; readonly mod: number }
  | { readonly k: 'adder' }
  | { readonly k: 'reader' }
  | { readonly k: 'factory'; readonly mod: number }
  | { readonly k: 'alongside' }
  | { readonly k: 'spawner' };

interface Spec {
  readonly guards: boolean;
  readonly uses: readonly Use[];
  readonly sync: readonly number[];
  readonly handler: 'json' | 'text' | 'async' | 'late' | 'throws' | 'rejects' | 'notResponse' | 'status';
}

const use: fc.Arbitrary<Use> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ k: fc.constant('builtin' as const), which: fc.integer({ min: 0, max: builtins.length - 1 }) }) },
  fc.record({ k: fc.constant('early' as const), mod: fc.integer({ min: 2, max: 5 }), rem: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ k: fc.constant('thrower' as const), mod: fc.integer({ min: 3, max: 7 }) }),
  fc.record({ k: fc.constant('adder' as const) }),
  fc.record({ k: fc.constant('reader' as const) }),
  fc.record({ k: fc.constant('factory' as const), mod: fc.integer({ min: 2, max: 5 }) }),
  fc.record({ k: fc.constant('alongside' as const) }),
  fc.record({ k: fc.constant('spawner' as const) }),
);

const spec: fc.Arbitrary<Spec> = fc.record({
  guards: fc.boolean(),
  uses: fc.array(use, { minLength: 1, maxLength: 7 }),
  sync: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 }),
  handler: fc.constantFrom('json', 'text', 'async', 'late', 'throws', 'rejects', 'notResponse', 'status'),
});

const PRELUDE = `import { chain, middleware, type Next, type NextSync } from 'shallot';
import { errorBoundary, json, logger, requestId, setHeader, text, timing, withHeader } from 'shallot/http';

export interface R {
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  readonly n: number;
  readonly log: string[];
}

/** Where the built-in layers' lines go: one list, read and emptied after each request. */
export const lines: string[] = [];
export const sink = (line: string): void => {
  lines.push(line);
};
export const throwingSink = (line: string): void => {
  if (line.includes('/p5')) throw new Error('sink failed on ' + line);
  lines.push('t ' + line);
};
export const boundarySink = (error: unknown): void => {
  lines.push('boundary ' + String(error));
};
export const throwingOnError = (error: unknown): void => {
  throw new Error('onError failed on ' + String(error));
};
export const whenThrows = (res: Response): boolean => {
  if (res.status === 201) throw new Error('when failed');
  return res.status !== 404;
};
export const factory = (tag: string, mod: number) =>
  middleware(\`f-\${tag}\`, async (req: R, next: Next) => {
    req.log.push(tag + ' factory before');
    if (req.n % mod === 1) return new Response('factory ' + tag, { status: 206 });
    const res = await next();
    req.log.push(tag + ' factory after ' + res.status);
    return res;
  });
/** A called layer whose code runs alongside the layers below (a finally around a returned next()). */
export const alongside = (tag: string) =>
  middleware(\`a-\${tag}\`, async (req: R, next: Next) => {
    try {
      return next();
    } finally {
      req.log.push(tag + ' alongside');
    }
  });
`;

function chainSource(s: Spec, name: string): string[] {
  const out: string[] = [];
  const uses: string[] = [];
  s.uses.forEach((u, i) => {
    const id = `${name}u${i}`;
    switch (u.k) {
      case 'builtin':
        uses.push(builtins[u.which]!);
        return;
      case 'early':
        out.push(`const ${id} = middleware('${id}', async (req: R, next: Next) => {\n  req.log.push('${id} before');\n  if (req.n % ${u.mod} === ${u.rem % u.mod}) return text('early ${id}', { status: ${[200, 201, 418, 403][i % 4]} });\n  const res = await next();\n  req.log.push('${id} after ' + res.status);\n  return res;\n});`);
        break;
      case 'thrower':
        out.push(`const ${id} = middleware('${id}', async (req: R, next: Next) => {\n  if (req.n % ${u.mod} === 2) throw new Error('${id} failed');\n  const res = await next();\n  if (req.n % ${u.mod} === 4) throw new Error('${id} failed after');\n  return withHeader(res, 'x-${id}', String(req.n));\n});`);
        break;
      case 'adder':
        out.push(`const ${id} = middleware('${id}', async (req: R, next: Next<{ ${id}: number }>) => {\n  req.log.push('${id}');\n  return next({ ${id}: req.n * 3 });\n});`);
        break;
      case 'reader':
        out.push(`const ${id} = middleware('${id}', async (req: R, next: Next) => {\n  req.log.push('${id} sees ' + JSON.stringify(Object.keys(req).filter((k) => k !== 'log' && k !== 'headers').sort()));\n  return next();\n});`);
        break;
      case 'factory':
        uses.push(`factory('${id}', ${u.mod})`);
        return;
      case 'alongside':
        uses.push(`alongside('${id}')`);
        return;
      case 'spawner': // work after next() that runs alongside the leave of the built-in layers above
        out.push(`const ${id} = middleware('${id}', async (req: R, next: Next) => {\n  const res = await next();\n  queueMicrotask(() => lines.push('${id} queued ' + req.n));\n  return res;\n});`);
        break;
    }
    uses.push(id);
  });
  s.sync.forEach((mod, i) => {
    const id = `${name}s${i}`;
    out.push(`const ${id} = middleware.sync('${id}', (req: R, next: NextSync) => {\n  req.log.push('${id}');\n  if (req.n % 5 === ${mod}) return text('sync ${id}', { status: 202 });\n  return withHeader(next(), 'x-${id}', 'y');\n});`);
    uses.push(id);
  });
  const syncBelow = s.sync.length > 0;
  const handlers: Record<Spec['handler'], string> = {
    json: '(req) => json({ n: req.n, id: (req as { requestId?: string }).requestId ?? null })',
    text: "(req) => text('hello ' + req.path, { status: [200, 201, 500, 404][req.n % 4] })",
    async: "async (req) => {\n  await Promise.resolve();\n  return text('async ' + req.n);\n}",
    late: "(req) => new Promise<Response>((resolve) => setTimeout(() => resolve(text('late ' + req.n)), 0))",
    throws: "(req) => {\n  if (req.n % 3 === 1) throw new Error('handler failed');\n  return text('ok');\n}",
    rejects: "async (req) => {\n  if (req.n % 2 === 0) throw new Error('handler rejected');\n  return text('ok');\n}",
    notResponse: "(req) => (req.n % 4 === 3 ? ({ status: 200 } as unknown as Response) : text('ok'))",
    status: "(req) => new Response(null, { status: req.n % 2 === 0 ? 200 : 500, statusText: 'S' })",
  };
  // An async handler below a sync layer is a compile error: then the handler is sync.
  const handler = syncBelow && ['async', 'late', 'rejects'].includes(s.handler) ? handlers.text : handlers[s.handler];
  out.push(`export const ${name} = chain<R>({ guards: ${s.guards} })${uses.map((u) => `\n  .use(${u})`).join('')}\n  .handle(${handler});`);
  return out;
}

type App = ((req: object) => unknown) & { description: { generated?: boolean } };

interface Outcome {
  readonly log: string[];
  readonly promise: boolean;
  readonly status?: number;
  readonly statusText?: string;
  readonly body?: string;
  readonly headers?: [string, string][];
  readonly error?: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const normal = (text: string): string => text.replace(UUID, '<uuid>').replace(/dur=\d+(\.\d+)?/g, 'dur=<ms>').replace(/took \d+\.\d+ seconds/g, 'took <s> seconds');

function request(n: number): { method: string; path: string; headers: Headers; n: number; log: string[] } {
  const headers = new Headers();
  if (n % 3 === 0) headers.set('x-request-id', `incoming-${n}`);
  if (n % 3 === 1) headers.set('x-request-id', 'x'.repeat(201));
  if (n % 4 === 0) headers.set('x-trace', 'from-client');
  return { method: n % 2 === 0 ? 'GET' : 'POST', path: `/p${n}`, headers, n, log: [] };
}

async function outcome(app: App, n: number, lines: string[]): Promise<Outcome> {
  const req = request(n);
  lines.length = 0;
  let promise = false;
  const seen = (): string[] => [...req.log, ...lines.map((line) => `line: ${line}`)].map(normal);
  try {
    const answer = app(req);
    promise = answer instanceof Promise;
    const res = (await answer) as Response;
    const body = await res.text();
    return { log: seen(), promise, status: res.status, statusText: res.statusText, body: normal(body), headers: [...res.headers].map(([k, v]): [string, string] => [k, normal(v)]).sort() };
  } catch (error) {
    const code = error instanceof ShallotError ? ` [${error.code}]` : '';
    return { log: seen(), promise, error: `${normal((error as Error).message)}${code}` };
  }
}

describe(`codegen: ${total} random chains of built-in layers (seed ${seed})`, () => {
  it('run their parts in line and behave exactly as the runtime chains', { timeout: Math.max(300_000, total * 1000) }, async () => {
    const specs = fc.sample(spec, { seed, numRuns: total });
    const dir = path.resolve('test/codegen-support/.parts');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const text = [PRELUDE, ...specs.flatMap((s, i) => [...chainSource(s, `c${i}`), ''])].join('\n');
    fs.writeFileSync(path.join(dir, 'parts.ts'), text);
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), fs.readFileSync('test/codegen-support/fuzz.tsconfig.json'));

    const result = generateAll(fromProjectDir(dir), { inline: true });
    expect(result.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.message}`)).toEqual([]);
    const generatedText = fs.readFileSync(path.join(dir, 'parts.gen.ts'), 'utf8');
    const inParts = (generatedText.match(/is made of parts \(a layer of shallot\/http\)/g) ?? []).length;
    const source = (await import(pathToFileURL(path.join(dir, 'parts.ts')).href)) as Record<string, App> & { lines: string[] };
    const generated = (await import(pathToFileURL(path.join(dir, 'parts.gen.ts')).href)) as Record<string, App>;
    let compared = 0;
    for (let c = 0; c < specs.length; c++) {
      const name = `c${c}`;
      const runtime = source[name]!;
      const flat = generated[name]!;
      expect(flat.description.generated, name).toBe(true);
      for (let n = 0; n < requests; n++) {
        const want = await outcome(runtime, n, source.lines);
        const got = await outcome(flat, n, source.lines);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          throw new Error(`chain ${name} (seed ${seed}), request n=${n}:\nruntime    ${JSON.stringify(want)}\ngenerated  ${JSON.stringify(got)}\nspec ${JSON.stringify(specs[c])}\n${chainSource(specs[c]!, name).join('\n')}`);
        }
        compared++;
      }
    }
    console.log(`${compared} comparisons; ${inParts} built-in layers run in line`);
    expect(compared).toBe(total * requests);
    // Most built-in layers really ran in line (the rest sit below a layer that runs alongside).
    const usesOfBuiltins = specs.reduce((sum, s) => sum + s.uses.filter((u) => u.k === 'builtin').length, 0);
    expect(inParts).toBeGreaterThan(usesOfBuiltins / 2);
  });
});
