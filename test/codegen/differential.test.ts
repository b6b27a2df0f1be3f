/**
 * Same behaviour, proven: random programs from the grammar of
 * codegen-support/grammar.ts are compiled by codegen, and for every request the
 * generated handler must answer as the runtime chain does, with the guards on
 * and with them off: the same response (status, body, headers), a promise
 * exactly when the runtime answers one, the same error, and the same effects
 * in the same order. CI runs FUZZ_CHAINS (default 1,000) chains; `npm run fuzz`
 * runs 10,000. FUZZ_SEED replays a run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chain, middleware, ShallotError } from 'shallot';
import { fromProjectDir, generateAll } from '../codegen-support/codegen.js';
import { chainSpec, moduleSource, type ChainSpec } from '../codegen-support/grammar.js';

const total = Number(process.env['FUZZ_CHAINS'] ?? 1000);
const perModule = 100;
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const requests = 12;

type App = ((req: { n: number; log: string[] }) => unknown) & {
  description: { generated?: boolean; layers: readonly { name: string; sync: boolean; fn?: unknown }[]; handler?: unknown };
};

interface Outcome {
  readonly log: string[];
  readonly promise: boolean;
  readonly status?: number;
  readonly body?: string;
  readonly headers?: [string, string][];
  readonly error?: string;
}

async function outcome(app: App, n: number): Promise<Outcome> {
  const req = { n, log: [] as string[] };
  let promise = false;
  try {
    const answer = app(req);
    promise = answer instanceof Promise;
    const res = (await answer) as Response;
    return { log: req.log, promise, status: res.status, body: await res.text(), headers: [...res.headers].sort() };
  } catch (error) {
    const code = error instanceof ShallotError ? ` [${error.code}]` : '';
    return { log: req.log, promise, error: `${(error as Error).message}${code}` };
  }
}

/** The runtime chain again, with the guards off (what production runs). */
function unguarded(app: App): App {
  let builder = chain({ guards: false }) as unknown as { use(layer: unknown): typeof builder; handle(fn: unknown): App };
  for (const layer of app.description.layers) {
    builder = builder.use(layer.sync ? middleware.sync(layer.name, layer.fn as never) : middleware(layer.name, layer.fn as never));
  }
  return builder.handle(app.description.handler);
}

describe(`codegen: ${total} random programs (seed ${seed})`, () => {
  // A limit against a hang, not a measure: codegen type-checks every chain.
  it('behave exactly as the runtime chains, guards on and off', { timeout: Math.max(600_000, total * 300) }, async () => {
    const specs = fc.sample(chainSpec, { seed, numRuns: total });
    const dir = path.resolve('test/codegen-support/.fuzz');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const batches: ChainSpec[][] = [];
    for (let i = 0; i < specs.length; i += perModule) batches.push(specs.slice(i, i + perModule));
    batches.forEach((batch, b) => fs.writeFileSync(path.join(dir, `fuzz${b}.ts`), moduleSource(batch)));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), fs.readFileSync('test/codegen-support/fuzz.tsconfig.json'));

    const result = generateAll(fromProjectDir(dir), { inline: true });
    expect(result.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.message}`)).toEqual([]);
    expect(result.outputs).toHaveLength(batches.length);

    let compared = 0;
    let inlined = 0;
    let called = 0;
    for (let b = 0; b < batches.length; b++) {
      const source = (await import(pathToFileURL(path.join(dir, `fuzz${b}.ts`)).href)) as Record<string, App>;
      const generated = (await import(pathToFileURL(path.join(dir, `fuzz${b}.gen.ts`)).href)) as Record<string, App>;
      const text = fs.readFileSync(path.join(dir, `fuzz${b}.gen.ts`), 'utf8');
      inlined += (text.match(/^\s*\/\/ (layer .*|the handler) \(fuzz\d+\.ts:\d+\)$/gm) ?? []).length;
      called += (text.match(/is called, not inlined/g) ?? []).length;
      for (let c = 0; c < batches[b]!.length; c++) {
        const name = `c${c}`;
        const runtime = source[name]!;
        const flat = generated[name]!;
        expect(flat.description.generated, name).toBe(true);
        expect(flat.description.layers.map((l) => [l.name, l.sync]), name).toEqual(runtime.description.layers.map((l) => [l.name, l.sync]));
        const fast = unguarded(runtime);
        for (let n = 0; n < requests; n++) {
          const want = await outcome(runtime, n);
          const off = await outcome(fast, n);
          const got = await outcome(flat, n);
          if (JSON.stringify(off) !== JSON.stringify(want) || JSON.stringify(got) !== JSON.stringify(want)) {
            throw new Error(
              `chain ${name} of fuzz${b}.ts (seed ${seed}), request n=${n}:\nruntime, guards on   ${JSON.stringify(want)}\nruntime, guards off  ${JSON.stringify(off)}\ngenerated            ${JSON.stringify(got)}\nspec ${JSON.stringify(batches[b]![c])}`,
            );
          }
          compared++;
        }
      }
    }
    console.log(`${compared} comparisons; ${inlined} copies inlined, ${called} called`);
    expect(compared).toBe(total * requests);
    // Most copies really were inlined, not called.
    expect(inlined).toBeGreaterThan(called);
  });
});
