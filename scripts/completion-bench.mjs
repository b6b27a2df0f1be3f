// The editor case of bench:types: how long the TypeScript language service takes
// to answer a completion on the handler's request (`req.`, or `c.var.` in Hono,
// `ctx.` in tRPC) at the end of a chain of N layers, each adding a field and
// reading the one before (the chains of long-chain.mjs and long-chain-peers.mjs).
// The service first checks the file once, as an editor does when it opens it; then
// each round types the member access anew (a new version of the file, so a new
// program and a fresh checker, as after a keystroke) and times the completion
// request. Returns the median of the rounds, in ms, and whether the completion
// offered the last field (a completion without it measures nothing).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { honoChainSource, trpcChainSource } from './long-chain-peers.mjs';
import { longChainSource, writeChainProject } from './long-chain.mjs';

const require = createRequire(import.meta.url);

/** The chain with its handler's member access cut at the dot: the source and where to complete. */
export const completionSources = {
  shallot: (n) => cut(longChainSource(n), `String(req.f${n - 1})`, 'String(req.'),
  trpc: (n) => cut(trpcChainSource(n), `String(ctx.f${n - 1})`, 'String(ctx.'),
  hono: (n) => cut(honoChainSource(n).replace(`c.get('f${n - 1}')`, `c.var.f${n - 1}`), `String(c.var.f${n - 1})`, 'String(c.var.'),
};

function cut(source, whole, prefix) {
  const at = source.lastIndexOf(whole);
  if (at < 0) throw new Error(`completion-bench: '${whole}' is not in the source`);
  const text = `${source.slice(0, at)}${prefix}${source.slice(at + whole.length)}`;
  return { text, position: at + prefix.length };
}

/** Median completion time (ms) for `builder`'s chain of `n` layers, with TypeScript `ts` (the `typescript` package). */
export function measureCompletion(builder, n, root, { rounds = 5, ts = require('typescript') } = {}) {
  const { text, position } = completionSources[builder](n);
  const { file, tsconfig } = writeChainProject(`completion-${builder}-${n}`, text, root);
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  let version = 0;
  let current = text;
  const host = {
    getCompilationSettings: () => config.options,
    getScriptFileNames: () => config.fileNames,
    getScriptVersion: (name) => (resolve(name) === file ? String(version) : '0'),
    getScriptSnapshot: (name) => {
      const content = resolve(name) === file ? current : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => dirname(tsconfig),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  service.getSemanticDiagnostics(file); // the editor opened the file
  const times = [];
  let offered = false;
  for (let round = 0; round < rounds; round++) {
    // A keystroke elsewhere and back: a new version of the file, a new program and checker.
    version++;
    current = round % 2 === 0 ? `${text}\n` : text;
    const started = performance.now();
    const completions = service.getCompletionsAtPosition(file, position, {});
    times.push(performance.now() - started);
    offered = completions?.entries.some((entry) => entry.name === `f${n - 1}`) ?? false;
  }
  service.dispose();
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], times, offered, source: readFileSync(file, 'utf8').length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
  const n = Number(process.argv[2] ?? 300);
  for (const builder of (process.argv[3] ?? 'shallot,hono,trpc').split(',')) {
    const r = measureCompletion(builder, n, root);
    console.log(`${builder.padEnd(8)} ${n} layers: completion ${r.ms.toFixed(0)} ms (rounds ${r.times.map((t) => t.toFixed(0)).join(', ')})${r.offered ? '' : '  (the last field was not offered)'}`);
  }
}
