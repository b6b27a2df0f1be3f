/**
 * Under `exactOptionalPropertyTypes`, every options object of the public API
 * accepts an explicit `undefined` wherever the runtime treats it as "not given":
 * each optional property is declared `| undefined` (read off the entry points
 * with the TypeScript API, so a new options type is covered the day it is
 * exported), and each function, given every option as `undefined`, behaves as
 * with no options at all.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { chain } from '../../src/index.js';
import { contextOf, cors, errorBoundary, logger, requestId, setHeader, text, timing, toFetchHandler, type HttpContext } from '../../src/http/index.js';
import { serve, toNodeListener } from '../../src/node/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const entries = ['src/index.ts', 'src/http/index.ts', 'src/node/index.ts', 'src/mount/express.ts', 'src/mount/koa.ts', 'src/mount/fastify.ts', 'src/mount/hono.ts', 'src/mount/h3.ts'];
const program = ts.createProgram(
  entries.map((file) => path.join(root, file)),
  { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, exactOptionalPropertyTypes: true, noEmit: true, skipLibCheck: true },
);
const checker = program.getTypeChecker();

/** Every exported `…Options` type, with its properties: name, optional, declared with `| undefined`. */
function optionsTypes(): Map<string, { name: string; optional: boolean; undefinedOk: boolean }[]> {
  const found = new Map<string, { name: string; optional: boolean; undefinedOk: boolean }[]>();
  for (const file of entries) {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path.join(root, file))!)!;
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
      if (!symbol.name.endsWith('Options')) continue;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const type = checker.getDeclaredTypeOfSymbol(target);
      found.set(
        symbol.name,
        checker.getPropertiesOfType(type).map((prop) => {
          const node = prop.valueDeclaration;
          const typeNode = node && ts.isPropertySignature(node) ? node.type : undefined;
          const undefinedOk = typeNode !== undefined && ts.isUnionTypeNode(typeNode) && typeNode.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword);
          return { name: prop.name, optional: (prop.flags & ts.SymbolFlags.Optional) !== 0, undefinedOk };
        }),
      );
    }
  }
  return found;
}

const ok = chain<HttpContext>().handle(() => text('ok'));
const quiet = (): void => {};

/**
 * Each options type, every property given as `undefined`, with a call that
 * shows the defaults held. Keys must be exactly the exported options types.
 */
const calls: Record<string, { options: Record<string, undefined>; check: (options: never) => Promise<void> | void }> = {
  ChainOptions: {
    options: { guards: undefined, isResponse: undefined },
    check: (options) => {
      // Guards default to on outside production (vitest runs with NODE_ENV=test).
      expect(chain<HttpContext>(options).handle(() => text('ok')).description.guards).toBe(true);
    },
  },
  FetchHandlerOptions: {
    options: { onError: undefined },
    check: async (options) => {
      expect(await (await toFetchHandler(ok, options)(new Request('http://localhost/'))).text()).toBe('ok');
    },
  },
  NodeListenerOptions: {
    options: { bodyLimit: undefined, timeout: undefined, onError: undefined },
    check: (options) => {
      expect(typeof toNodeListener(ok, options)).toBe('function');
    },
  },
  ServeOptions: {
    options: { port: undefined, hostname: undefined, maxHeaderSize: undefined, keepAliveTimeout: undefined, bodyLimit: undefined, timeout: undefined, onError: undefined },
    check: async (options) => {
      // port undefined is the default 3000; use 0 through the same path and check the others held.
      const served = await serve(ok, { ...(options as object), port: 0 });
      try {
        expect(served.hostname).toBe('127.0.0.1');
        expect(await (await fetch(served.url)).text()).toBe('ok');
      } finally {
        await served.close();
      }
    },
  },
  CorsOptions: {
    options: { origin: undefined, methods: undefined, allowHeaders: undefined, exposeHeaders: undefined, credentials: undefined, maxAge: undefined },
    check: async (options) => {
      const preflight = () => contextOf(new Request('http://localhost/', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'PUT' } }));
      const given = await chain<HttpContext>().use(cors(options)).handle(() => text('ok'))(preflight());
      const none = await chain<HttpContext>().use(cors()).handle(() => text('ok'))(preflight());
      expect([...given.headers]).toEqual([...none.headers]);
      expect(given.status).toBe(none.status);
    },
  },
  ErrorBoundaryOptions: {
    options: { expose: undefined, onError: undefined },
    check: async (options) => {
      const { error } = console;
      console.error = quiet;
      try {
        const res = await chain<HttpContext>().use(errorBoundary(options)).handle(() => Promise.reject(new Error('boom')))(contextOf(new Request('http://localhost/')));
        expect(res.status).toBe(500);
      } finally {
        console.error = error;
      }
    },
  },
  LoggerOptions: {
    options: { sink: undefined },
    check: async (options) => {
      const { log } = console;
      const lines: unknown[] = [];
      console.log = (line: unknown) => lines.push(line);
      try {
        await chain<HttpContext>().use(logger(options)).handle(() => text('ok'))(contextOf(new Request('http://localhost/logged')));
      } finally {
        console.log = log;
      }
      expect(lines).toContain('--> GET /logged');
    },
  },
  RequestIdOptions: {
    options: { header: undefined, generate: undefined, trustIncoming: undefined },
    check: async (options) => {
      const res = await chain<HttpContext>().use(requestId(options)).handle(() => text('ok'))(contextOf(new Request('http://localhost/', { headers: { 'x-request-id': 'given' } })));
      expect(res.headers.get('x-request-id')).toBe('given');
    },
  },
  SetHeaderOptions: {
    options: { when: undefined },
    check: async (options) => {
      const res = await chain<HttpContext>().use(setHeader('X-Custom-Header', 'Hello', options)).handle(() => text('no', { status: 404 }))(contextOf(new Request('http://localhost/')));
      expect(res.headers.get('x-custom-header')).toBe('Hello');
    },
  },
  TimingOptions: {
    options: { sink: undefined, metric: undefined },
    check: async (options) => {
      const { log } = console;
      const lines: unknown[] = [];
      console.log = (line: unknown) => lines.push(line);
      let res: Response;
      try {
        res = await chain<HttpContext>().use(timing(options)).handle(() => text('ok'))(contextOf(new Request('http://localhost/')));
      } finally {
        console.log = log;
      }
      expect(res.headers.get('server-timing')).toMatch(/^total;dur=/);
      expect(lines.join('\n')).toMatch(/Request took \d+\.\d{4} seconds/);
    },
  },
};

describe('options objects under exactOptionalPropertyTypes', () => {
  const types = optionsTypes();

  it('the table below covers exactly the exported options types, every property of each', () => {
    expect([...types.keys()].sort()).toEqual(Object.keys(calls).sort());
    for (const [name, props] of types) expect(Object.keys(calls[name]!.options).sort(), name).toEqual(props.map((p) => p.name).sort());
  });

  it('declares every optional property `| undefined`', () => {
    const strict = [...types].flatMap(([name, props]) => props.filter((p) => p.optional && !p.undefinedOk).map((p) => `${name}.${p.name}`));
    expect(strict, 'optional properties that refuse an explicit undefined').toEqual([]);
  });

  it.each(Object.keys(calls))('%s: every option given as undefined behaves as not given', async (name) => {
    const { options, check } = calls[name]!;
    await check(options as never);
  });
});
