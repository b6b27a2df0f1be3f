/**
 * Same behaviour, proven: random chains (fast-check) are compiled by codegen,
 * and the generated handler must give the same response, the same effects in
 * the same order, and the same error as the runtime chain, for every request.
 * CI runs FUZZ_CHAINS (default 1,000) chains; `npm run fuzz` runs 10,000.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromProjectDir, generateAll } from '../codegen-support/codegen.js';
import { chainSpec, moduleSource, type ChainSpec } from '../codegen-support/random-chain.js';

const total = Number(process.env['FUZZ_CHAINS'] ?? 1000);
const perModule = 100;
const seed = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const requests = 12;

type App = (req: { n: number; log: string[] }) => unknown;

interface Outcome {
  readonly log: string[];
  readonly status?: number;
  readonly body?: string;
  readonly headers?: [string, string][];
  readonly error?: string;
}

async function outcome(app: App, n: number): Promise<Outcome> {
  const req = { n, log: [] as string[] };
  try {
    const res = (await app(req)) as Response;
    return { log: req.log, status: res.status, body: await res.text(), headers: [...res.headers].sort() };
  } catch (error) {
    return { log: req.log, error: (error as Error).message };
  }
}

describe(`codegen: ${total} random chains (seed ${seed})`, () => {
  // A limit against a hang, not a measure: codegen type-checks every chain (about
  // 25 ms each on a busy 2-core machine), so 10,000 chains need more than 10 minutes.
  it('behave exactly as the runtime chains', { timeout: Math.max(600_000, total * 200) }, async () => {
    const specs = fc.sample(chainSpec, { seed, numRuns: total });
    const dir = path.resolve('test/codegen-support/.fuzz');
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const batches: ChainSpec[][] = [];
    for (let i = 0; i < specs.length; i += perModule) batches.push(specs.slice(i, i + perModule));
    batches.forEach((batch, b) => fs.writeFileSync(path.join(dir, `fuzz${b}.ts`), moduleSource(batch)));
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), fs.readFileSync('test/codegen/seed/tsconfig.json'));

    const result = generateAll(fromProjectDir(dir), { inline: true });
    expect(result.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}:${d.column}: ${d.message}`)).toEqual([]);
    expect(result.outputs).toHaveLength(batches.length);

    let compared = 0;
    let inlined = 0;
    for (let b = 0; b < batches.length; b++) {
      const source = (await import(pathToFileURL(path.join(dir, `fuzz${b}.ts`)).href)) as Record<string, App>;
      const generated = (await import(pathToFileURL(path.join(dir, `fuzz${b}.gen.ts`)).href)) as Record<string, App & { description: { generated?: boolean } }>;
      inlined += (fs.readFileSync(path.join(dir, `fuzz${b}.gen.ts`), 'utf8').match(/^\s*\/\/ layer '.*' \(fuzz/gm) ?? []).length;
      for (let c = 0; c < batches[b]!.length; c++) {
        const name = `c${c}`;
        expect(generated[name]!.description.generated, name).toBe(true);
        for (let n = 0; n < requests; n++) {
          const want = await outcome(source[name]!, n);
          const got = await outcome(generated[name]!, n);
          if (JSON.stringify(got) !== JSON.stringify(want)) {
            throw new Error(`chain ${name} of fuzz${b}.ts (seed ${seed}), request n=${n}:\nspec ${JSON.stringify(batches[b]![c])}\nruntime   ${JSON.stringify(want)}\ngenerated ${JSON.stringify(got)}`);
          }
          compared++;
        }
      }
    }
    expect(compared).toBe(total * requests);
    expect(inlined).toBeGreaterThan(total); // most layers really were inlined, not called
  });
});
