/**
 * The one analysis of `next()` in a layer's function, shared by verify (which
 * reports what it proves wrong) and generate (which inlines only the shapes it
 * finds here): where `next` is referenced, where each call's result goes, and,
 * by abstract interpretation over the function's control flow (sequence,
 * branches, short-circuits, loops, switch fall-through, try/catch/finally,
 * labelled break and continue), whether a path can call it twice, or keep its
 * promise in a variable that a path to the end (or a \`throw\` the function does
 * not catch) never reads. Each function nested in the layer that calls next() is
 * walked the same way for one run of its own, whoever calls it.
 *
 * A state is one path's facts so far: how many times it called `next()` (0, 1,
 * or 2 for more), the last call, and the call whose promise sits unobserved in a
 * variable. The walk carries sets of states; loops run to a fixpoint (the state
 * space is finite), `finally` runs once for each way its `try` can end.
 */
import { Node, SyntaxKind, type CallExpression, type Identifier, type ts } from 'ts-morph';
import { inJsDoc, parametersOf, writeToDeclaration } from './bindings.js';
import { isFunctionBoundary, isFunctionLiteral, isLoop, isTransparent, methodCall, ownerOf, type FunctionLiteral } from './syntax.js';

/** Where a `next()` call's result goes, read off the syntax around it. */
export interface Destination {
  /**
   * `statement`: an expression statement (`await next();`, `next();`);
   * `declare`: the initializer of a one-declaration variable statement;
   * `assign`: `x = …` as a statement, `x` a plain name;
   * `return`: a `return`'s value or an arrow's concise body (through `?:` branches);
   * `chained`: the receiver of `.then`/`.catch`/`.finally`;
   * `operand`: the first thing its statement evaluates (\`withHeader(await next(), …)\`);
   * `dropped`: `void next()` or the left of a comma;
   * `other`: anything else (an argument, an element, an operand).
   */
  readonly kind: 'statement' | 'declare' | 'assign' | 'return' | 'chained' | 'operand' | 'dropped' | 'other';
  /** Whether the call is awaited directly (`await next()`, through parentheses and casts). */
  readonly awaited: boolean;
  /** The `await next(…)` or `next(…)` expression (with its transparent wrappers) that the result replaces. */
  readonly site: Node;
  /** The statement holding the site (absent for a concise arrow body). */
  readonly statement: Node | undefined;
  /** The `?:` expressions the site sits in a branch of, outermost first (for `return`, `declare` and `assign`). */
  readonly branches: readonly Node[];
}

export interface NextCall {
  readonly call: CallExpression;
  /** Whether the call sits in a function nested in the layer's (a callback), rather than in the layer's own code. */
  readonly nested: boolean;
  /** Whether it sits in a loop of the layer's own code. */
  readonly inLoop: boolean;
  readonly destination: Destination;
}

/** A problem the flow analysis proves. */
export type NextProblem =
  /**
   * `call` can run after `earlier` on one path (the same call: in a loop). `via`: the local function whose calls
   * these are, when next() is reached by calling one (\`const run = () => next(); await run(); return run();\`).
   */
  | { readonly kind: 'twice'; readonly call: CallExpression; readonly earlier: CallExpression; readonly via?: string }
  /** `where`: what runs the callback more than once (\`a callback of forEach()\`, \`'attempt', which calls itself\`). */
  | { readonly kind: 'callback'; readonly call: CallExpression; readonly method: string }
  | { readonly kind: 'dropped'; readonly call: CallExpression }
  /**
   * `call`'s promise, kept in `variable`, is not awaited or returned on a path to the end of `within` (the layer, or
   * the callback the call sits in); `thrown`: the \`throw\` that path leaves by, when it ends by one.
   */
  | { readonly kind: 'held'; readonly call: CallExpression; readonly variable: string; readonly within: 'layer' | 'callback'; readonly thrown?: Node };

export interface NextAnalysis {
  /** The `next` parameter's name, when it is a plain name. */
  readonly param: Identifier | undefined;
  /** Every reference to `next` in the function (its declaration left out), in source order. */
  readonly references: readonly Identifier[];
  /** The references that call it directly (`next(…)`). */
  readonly calls: readonly NextCall[];
  readonly problems: readonly NextProblem[];
  /** References through which next leaves what the analysis can follow (stored, passed to a library, returned). */
  readonly escapes: readonly NextEscape[];
}

/** A reference to next that the analysis cannot follow, and how it leaves. */
export interface NextEscape {
  readonly node: Node;
  /** `to als.run()`, `into an object`, … */
  readonly how: string;
}

/** Array methods (and globals) that call their callback any number of times. */
const ITERATING = /^(forEach|map|flatMap|filter|reduce|reduceRight|some|every|find|findIndex|findLast|findLastIndex|sort|toSorted|from|setInterval)$/;

/** Whether the call's result, wherever it goes, is a promise the layer must observe: the layer is async (`middleware()`). */
export type Role = 'async' | 'sync';

export function analyseNext(fn: FunctionLiteral, role: Role): NextAnalysis {
  return analyseParameter(fn, 1, role);
}

/** The analysis of the calls of `fn`'s parameter `index` (a layer's `next` is 1; a helper's callback may be any). */
function analyseParameter(fn: FunctionLiteral, index: number, role: Role, depth = 0): NextAnalysis {
  const param = parametersOf(fn)[index]?.getNameNode();
  if (param === undefined || !Node.isIdentifier(param)) return { param: undefined, references: [], calls: [], problems: [], escapes: [] };
  const symbol = param.getSymbol();
  const references: Identifier[] = [];
  if (symbol !== undefined) {
    for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
      if (id !== param && id.getText() === param.getText() && !inJsDoc(id) && id.getSymbol() === symbol) references.push(id);
    }
  }
  const calls: NextCall[] = [];
  const traced: NextCall[] = [];
  const escapes: NextEscape[] = [];
  const helperProblems: NextProblem[] = [];
  const callOf = (call: CallExpression): NextCall => {
    const nested = ownerOf(call) !== fn;
    const inLoop = call.getFirstAncestor((a) => a === fn || isFunctionBoundary(a) || isLoop(a)) !== fn && !nested;
    return { call, nested, inLoop, destination: destinationOf(call, fn) };
  };
  const seenAliases = new Set<Node>();
  // Each reference is a call (the generator's sites: `next(…)` itself), a call the flow follows (through
  // parentheses or a cast, `.call`/`.apply`, a const alias or a bound copy), an argument of a function of the
  // project (its parameter analysed in turn), or it escapes where check cannot follow it.
  const trace = (ids: readonly Identifier[], direct: boolean): void => {
    for (const id of ids) {
      if (id.getFirstAncestor((a) => Node.isTypeQuery(a) || Node.isTypeReference(a)) !== undefined) continue;
      let n: Node = id;
      while (isTransparent(n.getParentOrThrow())) n = n.getParentOrThrow();
      const p = n.getParentOrThrow();
      if (Node.isCallExpression(p) && p.getExpression() === n) {
        (direct && n === id ? calls : traced).push(callOf(p));
        continue;
      }
      // `next.call(…)`, `next.apply(…)`, `next.bind(…)`: a method of next itself.
      const holder = p.getParent();
      const method = Node.isPropertyAccessExpression(p) && p.getExpression() === n && Node.isCallExpression(holder) && holder.getExpression() === p ? { name: p.getName(), call: holder } : undefined;
      if (method?.name === 'call' || method?.name === 'apply') {
        traced.push(callOf(method.call));
        continue;
      }
      // `const again = next` / `const go = next.bind(undefined)`: the alias's calls are next's.
      let value: Node = method?.name === 'bind' ? method.call : n;
      while (isTransparent(value.getParentOrThrow())) value = value.getParentOrThrow();
      const declaration = value.getParentOrThrow();
      if (Node.isVariableDeclaration(declaration) && declaration.getInitializer() === value && Node.isIdentifier(declaration.getNameNode()) && declaration.getVariableStatement()?.getDeclarationKind() === 'const') {
        const alias = declaration.getNameNode() as Identifier;
        const aliasSymbol = alias.getSymbol();
        if (!seenAliases.has(alias) && aliasSymbol !== undefined) {
          seenAliases.add(alias);
          trace(fn.getDescendantsOfKind(SyntaxKind.Identifier).filter((u) => u !== alias && u.getText() === alias.getText() && !inJsDoc(u) && u.getSymbol() === aliasSymbol), false);
        }
        continue;
      }
      // `retry(next)`: the helper's parameter is analysed as a layer's next is.
      if (Node.isCallExpression(p) && p.getArguments().includes(n as never)) {
        const helper = depth < 3 ? literalOf(p.getExpression()) : undefined;
        if (helper !== undefined) {
          const analysis = analyseParameter(helper, p.getArguments().indexOf(n as never), role, depth + 1);
          const many = analysis.problems.some((x) => x.kind === 'twice' || x.kind === 'callback') || (analysis.references.length > 0 && callsItself(helper));
          if (many) helperProblems.push({ kind: 'callback', call: p, method: `${oneLine(p.getExpression().getText())}(), which can call it more than once` });
          escapes.push(...analysis.escapes.map((e) => ({ node: p, how: `to ${oneLine(p.getExpression().getText())}(), which passes it on ${e.how}` })));
          continue;
        }
        escapes.push({ node: n, how: `to ${oneLine(p.getExpression().getText())}()` });
        continue;
      }
      escapes.push({ node: n, how: escapeHow(n) });
    }
  };
  trace(references, true);
  const all = [...calls, ...traced];
  const found = new Map<string, NextProblem>();
  const add = (list: readonly NextProblem[]): void => {
    for (const problem of list) {
      const key = `${problem.kind}:${problem.call.getStart()}`;
      if (!found.has(key)) found.set(key, problem);
    }
  };
  add(new Flow(fn, role, new Map(all.map((c) => [c.call, c])), symbol?.compilerSymbol, depth).run());
  // Each function nested in this one that calls next() (a callback of `als.run`, `.then`, a Promise executor, an
  // IIFE): its own paths, walked as a layer's. Whoever calls it, one run of it that calls next() twice in sequence,
  // or drops its promise, does so; how often it runs is the outer walk's (and runsManyTimes') business.
  for (const inner of nestedCallers(fn, all)) {
    const own = all
      .filter((c) => inner.containsRange(c.call.getPos(), c.call.getEnd()))
      .map((c): NextCall => ({ call: c.call, nested: ownerOf(c.call) !== inner, inLoop: false, destination: destinationOf(c.call, inner) }));
    add(new Flow(inner, role, new Map(own.map((c) => [c.call, c])), symbol?.compilerSymbol, depth, true).run());
  }
  add(helperProblems);
  const problems = [...found.values()].sort((a, b) => a.call.getStart() - b.call.getStart());
  return { param, references, calls, problems, escapes };
}

/** The function literals nested in `fn` (at any depth) that hold one of `calls`, outermost first. */
function nestedCallers(fn: FunctionLiteral, calls: readonly NextCall[]): FunctionLiteral[] {
  const out = new Set<FunctionLiteral>();
  for (const { call } of calls) {
    for (let f = call.getFirstAncestor(isFunctionBoundary); f !== undefined && f !== fn; f = f.getFirstAncestor(isFunctionBoundary)) {
      if (isFunctionLiteral(f)) out.add(f);
    }
  }
  return [...out].sort((a, b) => a.getStart() - b.getStart());
}

/**
 * Whether the value of `node` is thrown away: a statement of its own, under \`void\`, the left of a comma, or
 * carried there as the right of \`&&\`/\`||\`/\`??\` or of a comma, a branch of \`?:\`, an element of an array or
 * object literal (\`cond && next();\`, \`cond ? next() : undefined;\`, \`setTimeout(…);\`).
 */
function valueDropped(node: Node): boolean {
  let n = node;
  for (;;) {
    const p = n.getParentOrThrow();
    if (isTransparent(p)) n = p;
    else if (Node.isExpressionStatement(p) || Node.isVoidExpression(p)) return true;
    else if (Node.isBinaryExpression(p)) {
      const op = p.getOperatorToken().getText();
      if (op === ',' && p.getLeft() === n) return true;
      if (op === ',' || ((op === '&&' || op === '||' || op === '??') && p.getRight() === n)) n = p;
      else return false;
    } else if (Node.isConditionalExpression(p) && p.getCondition() !== n) n = p;
    else if (Node.isArrayLiteralExpression(p)) n = p;
    else if (Node.isPropertyAssignment(p) && p.getInitializer() === n) n = p.getParentOrThrow();
    else return false;
  }
}

/** How a reference to next leaves the layer's sight, for the diagnostic. */
function escapeHow(n: Node): string {
  const p = n.getParentOrThrow();
  if (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) return 'into an object';
  if (Node.isArrayLiteralExpression(p) || Node.isSpreadElement(p)) return 'into an array';
  if (Node.isReturnStatement(p) || p === ownerOf(n)) return 'as its result';
  if (Node.isBinaryExpression(p) && p.getRight() === n) return 'into a variable or property';
  if (Node.isNewExpression(p)) return 'to a constructor';
  return 'as a value';
}

/** The function literal a callee names, when it is one of the project's (a \`const\` arrow, a function declaration). */
function literalOf(callee: Node): FunctionLiteral | undefined {
  const n = unwrapAll(callee);
  // A name (`retry`), or a property of an object or a namespace (`util.retry`): for a diagnostic, where it was defined is enough.
  const name = Node.isIdentifier(n) ? n : Node.isPropertyAccessExpression(n) ? n.getNameNode() : undefined;
  let symbol = name?.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  const decl = symbol?.getDeclarations()[0];
  if (decl === undefined || decl.getSourceFile().isDeclarationFile()) return undefined;
  if (Node.isFunctionDeclaration(decl)) return decl.getBody() === undefined ? undefined : decl;
  const init = Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl) ? decl.getInitializer() : undefined;
  const value = init === undefined ? undefined : unwrapAll(init);
  return value !== undefined && (Node.isArrowFunction(value) || Node.isFunctionExpression(value)) ? value : undefined;
}

/** Whether a function calls itself by its own name (recursion: a retry that tries again). */
function callsItself(fn: Node): boolean {
  const name = nameOfFunction(fn);
  const symbol = name?.getSymbol();
  if (name === undefined || symbol === undefined) return false;
  return fn.getDescendantsOfKind(SyntaxKind.CallExpression).some((c) => {
    const callee = c.getExpression();
    return Node.isIdentifier(callee) && callee.getText() === name.getText() && callee.getSymbol() === symbol;
  });
}

/** The name a nested function is known by in its layer (\`const attempt = async () => …\`, \`function attempt()\`), if any. */
function nameOfFunction(fn: Node): Identifier | undefined {
  if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) {
    const name = fn.getNameNode();
    if (name !== undefined) return name;
  }
  const parent = fn.getParent();
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === fn) {
    const name = parent.getNameNode();
    return Node.isIdentifier(name) ? name : undefined;
  }
  return undefined;
}

/**
 * Why a function nested in a layer, which calls next(), can run more than once:
 * it is the callback of an iterating method, it calls itself, or it is passed to
 * a function of the project that can call it twice on one path (a retry helper).
 */
function runsManyTimes(callback: Node, depth: number): string | undefined {
  if (Node.isGetAccessorDeclaration(callback)) return `a getter ('${callback.getName()}'), which runs at every read`;
  const parent = callback.getParent();
  if (Node.isCallExpression(parent) && parent.getArguments().includes(callback as never)) {
    const method = methodCall(parent)?.name ?? parent.getExpression().getText();
    if (ITERATING.test(method)) return `a callback of ${method}(), which can run more than once`;
    const helper = depth < 3 ? literalOf(parent.getExpression()) : undefined;
    const index = parent.getArguments().indexOf(callback as never);
    if (helper !== undefined) {
      const analysis = analyseParameter(helper, index, 'sync', depth + 1);
      // It calls the callback twice on a path, or calls itself with it (a recursive retry).
      if (analysis.problems.some((p) => p.kind === 'twice' || p.kind === 'callback') || (analysis.references.length > 0 && callsItself(helper))) {
        return `a callback that ${oneLine(parent.getExpression().getText())}() can call more than once`;
      }
    }
  }
  const name = nameOfFunction(callback);
  if (name !== undefined && callsItself(callback)) return `'${name.getText()}', which calls itself and so can run more than once`;
  return undefined;
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ');

/** Where `call`'s result goes (see {@link Destination}). */
export function destinationOf(call: CallExpression, fn: FunctionLiteral): Destination {
  let n: Node = call;
  while (isTransparent(n.getParentOrThrow())) n = n.getParentOrThrow();
  let awaited = false;
  if (Node.isAwaitExpression(n.getParentOrThrow())) {
    awaited = true;
    n = n.getParentOrThrow();
  }
  const site = n;
  const branches: Node[] = [];
  for (;;) {
    const p = n.getParentOrThrow();
    if (isTransparent(p)) n = p;
    else if (Node.isConditionalExpression(p) && p.getCondition() !== n) {
      branches.unshift(p);
      n = p;
    } else break;
  }
  const p = n.getParentOrThrow();
  const make = (kind: Destination['kind'], statement: Node | undefined): Destination => ({
    kind,
    awaited,
    site,
    statement,
    branches: kind === 'return' || kind === 'declare' || kind === 'assign' ? branches : [],
  });
  const value = branches.length > 0 && (Node.isReturnStatement(p) || p === fn || Node.isVariableDeclaration(p) || Node.isBinaryExpression(p));
  if (branches.length > 0 && !value) return make('other', undefined);
  if (Node.isReturnStatement(p)) return make('return', p);
  if (p === fn) return make('return', undefined);
  if (Node.isExpressionStatement(p)) return make('statement', p);
  if (Node.isVoidExpression(p)) return make('dropped', undefined);
  if (Node.isBinaryExpression(p)) {
    const op = p.getOperatorToken().getText();
    if (op === ',' && p.getLeft() === n) return make('dropped', undefined);
    if (op === '=' && p.getRight() === n && Node.isIdentifier(p.getLeft()) && Node.isExpressionStatement(p.getParent())) return make('assign', p.getParent());
  }
  if (Node.isVariableDeclaration(p) && p.getInitializer() === n) {
    const list = p.getParent();
    const statement = list?.getParent();
    if (Node.isVariableDeclarationList(list) && list.getDeclarations().length === 1 && Node.isVariableStatement(statement)) return make('declare', statement);
  }
  if (!awaited && Node.isPropertyAccessExpression(p) && p.getExpression() === n && /^(then|catch|finally)$/.test(p.getName()) && Node.isCallExpression(p.getParent())) {
    return make('chained', undefined);
  }
  if (branches.length === 0 && (awaited || !fn.isAsync())) {
    const statement = firstEvaluatedIn(site, fn);
    if (statement !== undefined) return make('operand', statement === fn ? undefined : statement);
  }
  return make('other', undefined);
}

/**
 * A read that cannot observe what the layers below do, so it may move after them:
 * a literal, or a name bound once (a \`const\`, an import, a function or class
 * declaration).
 */
function isStableRead(node: Node): boolean {
  const n = unwrapAll(node);
  if (Node.isStringLiteral(n) || Node.isNumericLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n) || Node.isTrueLiteral(n) || Node.isFalseLiteral(n) || Node.isNullLiteral(n)) return true;
  if (isFunctionBoundary(n)) return true; // making a closure observes nothing
  if (!Node.isIdentifier(n)) return false;
  let symbol = n.getSymbol();
  if (symbol === undefined) return n.getText() === 'undefined';
  // An import is a live binding: stable only when what it binds is (an exported `let` can change under it).
  if (symbol.isAlias()) {
    const first = symbol.getDeclarations()[0];
    if (first !== undefined && Node.isNamespaceImport(first)) return true;
    symbol = symbol.getAliasedSymbol() ?? symbol;
  }
  const decl = symbol.getDeclarations()[0];
  if (decl === undefined) return n.getText() === 'undefined';
  // A global of the language or the platform (`Response`, `String`, `JSON`), as TypeScript's own lib files declare it.
  if (isLibGlobal(decl)) return true;
  if (Node.isVariableDeclaration(decl)) return decl.getVariableStatement()?.getDeclarationKind() === 'const';
  // A function or class declaration is bound once unless its module writes to it (`impl = wrap(impl)`).
  return (Node.isFunctionDeclaration(decl) || Node.isClassDeclaration(decl)) && writeToDeclaration(decl) === undefined;
}

/** Whether a declaration is one of TypeScript's lib files' (`lib.dom.d.ts`, `lib.es2015.core.d.ts`, …). */
const isLibGlobal = (decl: Node): boolean => {
  const file = decl.getSourceFile();
  return file.isDeclarationFile() && /(^|\/)lib\.[\w.]*\.d\.ts$/.test(file.getFilePath()) && file.getFilePath().includes('/typescript/');
};

/** A literal of a primitive: what may come before a site in a template literal (its earlier values are converted to strings as they are reached). */
const isLiteral = (node: Node): boolean => {
  const n = unwrapAll(node);
  return Node.isStringLiteral(n) || Node.isNumericLiteral(n) || Node.isNoSubstitutionTemplateLiteral(n) || Node.isTrueLiteral(n) || Node.isFalseLiteral(n) || Node.isNullLiteral(n);
};

const unwrapAll = (node: Node): Node => {
  let n = node;
  while (isTransparent(n)) n = n.getExpression();
  return n;
};

/**
 * The statement whose evaluation starts with \`site\` (everything evaluated
 * before it a stable read), so that the layers below can run just before the
 * statement and the statement use their response: \`withHeader(await next(), …)\`,
 * \`(await next()).status\`, \`\`status \${(await next()).status}\`\`, an \`if\`
 * condition; \`fn\` for a concise body. Undefined when something with effects
 * would run before it.
 */
function firstEvaluatedIn(site: Node, fn: FunctionLiteral): Node | undefined {
  let n: Node = site;
  for (;;) {
    const p = n.getParent();
    if (p === undefined) return undefined;
    if (p === fn) return n === fn.getBody() && n !== site ? fn : undefined; // a concise body: the function itself
    if (isTransparent(p) || Node.isAwaitExpression(p) || Node.isPrefixUnaryExpression(p) || Node.isTypeOfExpression(p)) n = p;
    else if ((Node.isPropertyAccessExpression(p) || Node.isElementAccessExpression(p)) && p.getExpression() === n) n = p;
    else if (Node.isCallExpression(p) || Node.isNewExpression(p)) {
      const args = p.getArguments();
      const at = args.indexOf(n as never);
      // `f?.(…)`, `a?.b(…)`: the arguments run only if the callee is there, after it is read.
      if (at !== -1 && (p.getDescendantsOfKind(SyntaxKind.QuestionDotToken).some((q) => q.getStart() < n.getStart()) || args.slice(0, at).some((a) => Node.isSpreadElement(a)))) return undefined;
      if (p.getExpression() === n) n = p;
      else if (at !== -1 && isStableRead(p.getExpression()) && args.slice(0, at).every(isStableRead)) n = p;
      else return undefined;
    } else if (Node.isTemplateSpan(p)) {
      const template = p.getParent();
      if (!Node.isTemplateExpression(template)) return undefined;
      const spans = template.getTemplateSpans();
      if (!spans.slice(0, spans.indexOf(p)).every((span) => isLiteral(span.getExpression()))) return undefined;
      n = template;
    } else if (Node.isBinaryExpression(p)) {
      const op = p.getOperatorToken().getText();
      if (op === ',' || (/=$/.test(op) && !['==', '===', '!=', '!==', '<=', '>='].includes(op))) return undefined; // assignments keep their order
      const logical = op === '&&' || op === '||' || op === '??';
      if (p.getLeft() === n || (!logical && isStableRead(p.getLeft()))) n = p;
      else return undefined;
    } else if (Node.isConditionalExpression(p) && p.getCondition() === n) n = p;
    else if (Node.isArrayLiteralExpression(p)) {
      const elements = p.getElements();
      if (!elements.slice(0, elements.indexOf(n as never)).every(isStableRead)) return undefined;
      n = p;
    } else if (Node.isExpressionStatement(p) || Node.isReturnStatement(p) || Node.isThrowStatement(p)) return p;
    else if ((Node.isIfStatement(p) || Node.isSwitchStatement(p)) && p.getExpression() === n) return p;
    else if (Node.isVariableDeclaration(p) && p.getInitializer() === n) {
      const list = p.getParent();
      const statement = list?.getParent();
      return Node.isVariableDeclarationList(list) && list.getDeclarations().length === 1 && Node.isVariableStatement(statement) ? statement : undefined;
    } else return undefined;
  }
}

/** Whether a promise-style chain starting at `call` (`next().then(…).catch(…)`) ends up dropped: as a statement, or under `void`. */
function chainDropped(call: CallExpression): boolean {
  let n: Node = call;
  for (;;) {
    const p = n.getParentOrThrow();
    if (isTransparent(p)) n = p;
    else if (Node.isPropertyAccessExpression(p) && /^(then|catch|finally)$/.test(p.getName()) && Node.isCallExpression(p.getParent())) n = p.getParentOrThrow();
    else return Node.isExpressionStatement(p) || Node.isVoidExpression(p) || (Node.isBinaryExpression(p) && p.getOperatorToken().getText() === ',' && p.getLeft() === n);
  }
}

interface State {
  readonly calls: 0 | 1 | 2;
  readonly last: CallExpression | undefined;
  /** The call whose promise is kept, unobserved, in `heldIn`. */
  readonly held: CallExpression | undefined;
  readonly heldIn: ts.Symbol | undefined;
  /**
   * Whether this path reached a \`catch\` because a call (or an \`await\`) threw while `held` sat unobserved: the
   * layer recovers from a failure of work it ran alongside the layers below, which is no more reported than that
   * throw leaving the layer would be (\`const p = next(); try { use(); return await p; } catch { return fallback; }\`).
   * A \`throw\` statement on the path still is (\`catch (e) { throw e; }\`). Reset whenever `held` changes.
   */
  readonly byCall: boolean;
  /**
   * What this path knows of `const` flags it tested (`if (cached) …`): a later
   * test of the same flag takes only the branch that agrees, so
   * `if (bypass) res = await next(); … if (!bypass) res = await next();` is one call.
   */
  readonly facts: ReadonlyMap<ts.Symbol, boolean>;
}

/**
 * A read of a variable that cannot observe a promise it holds: \`pending.length\`, \`pending.push(…)\` (adding to
 * it), or under \`typeof\` (\`typeof box.p\`).
 */
function inertRead(id: Identifier): boolean {
  const p = id.getParent();
  if (Node.isPropertyAccessExpression(p) && p.getExpression() === id && /^(length|push|unshift)$/.test(p.getName())) return true;
  let n: Node = id;
  for (;;) {
    const up = n.getParentOrThrow();
    if (isTransparent(up) || ((Node.isPropertyAccessExpression(up) || Node.isElementAccessExpression(up)) && up.getExpression() === n)) n = up;
    else return Node.isTypeOfExpression(up);
  }
}

/** `x`, `!x`, `!!x` where `x` names a `const`: the flag and whether the test is true when it is. */
function flagOf(node: Node): { symbol: ts.Symbol; when: boolean } | undefined {
  let n = node;
  let when = true;
  for (;;) {
    if (isTransparent(n)) n = n.getExpression();
    else if (Node.isPrefixUnaryExpression(n) && n.getOperatorToken() === SyntaxKind.ExclamationToken) {
      n = n.getOperand();
      when = !when;
    } else break;
  }
  if (!Node.isIdentifier(n)) return undefined;
  const symbol = n.getSymbol();
  const decl = symbol?.getDeclarations()[0];
  if (symbol === undefined || !Node.isVariableDeclaration(decl) || decl.getVariableStatement()?.getDeclarationKind() !== 'const') return undefined;
  return { symbol: symbol.compilerSymbol, when };
}

/** A number per symbol, for keys: two flags of one name are two flags. */
const symbolIds = new WeakMap<ts.Symbol, number>();
let lastSymbolId = 0;
const symbolId = (symbol: ts.Symbol): number => {
  let id = symbolIds.get(symbol);
  if (id === undefined) symbolIds.set(symbol, (id = ++lastSymbolId));
  return id;
};

/** A set of states, deduplicated by what tells them apart. */
class States {
  readonly #byKey = new Map<string, State>();
  static of(...states: State[]): States {
    const s = new States();
    for (const state of states) s.add(state);
    return s;
  }
  add(state: State): void {
    const facts = [...state.facts].map(([symbol, value]) => `${symbolId(symbol)}=${value}`).sort().join(',');
    const key = `${state.calls}:${state.last?.getStart() ?? ''}:${state.held?.getStart() ?? ''}:${state.byCall ? 'c' : ''}:${facts}`;
    if (!this.#byKey.has(key)) this.#byKey.set(key, state);
  }
  addAll(other: States): this {
    for (const s of other) this.add(s);
    return this;
  }
  get size(): number {
    return this.#byKey.size;
  }
  map(f: (s: State) => State): States {
    const out = new States();
    for (const s of this) out.add(f(s));
    return out;
  }
  [Symbol.iterator](): Iterator<State> {
    return this.#byKey.values();
  }
  static union(...sets: (States | undefined)[]): States {
    const out = new States();
    for (const s of sets) if (s !== undefined) out.addAll(s);
    return out;
  }
}

/**
 * How a statement can end: normally, or by return, throw, break or continue (per label, '' for none). `raised`:
 * the states leaving by a \`throw\` statement no \`catch\` has caught yet, per statement (a subset of `thr`, which
 * also holds every point where something may throw).
 */
interface Completion {
  normal: States;
  ret: States;
  thr: States;
  brk: Map<string, States>;
  cont: Map<string, States>;
  raised: Map<Node, States>;
}

const empty = (): Completion => ({ normal: new States(), ret: new States(), thr: new States(), brk: new Map(), cont: new Map(), raised: new Map() });

/** Merges the abrupt completions of `from` into `into` (not `normal`). */
function mergeAbrupt(into: Completion, from: Completion): void {
  into.ret.addAll(from.ret);
  into.thr.addAll(from.thr);
  for (const [label, s] of from.brk) into.brk.set(label, States.union(into.brk.get(label), s));
  for (const [label, s] of from.cont) into.cont.set(label, States.union(into.cont.get(label), s));
  for (const [node, s] of from.raised) into.raised.set(node, States.union(into.raised.get(node), s));
}

/** A state whose path leaves by a throw the walk does not model: no promise held on it (see #statement). */
const unheld = (s: State): State => (s.held === undefined ? s : { ...s, held: undefined, heldIn: undefined, byCall: false });

/** A state whose path leaves by a call's (or an await's) throw (see {@link State.byCall}). */
const thrownByCall = (s: State): State => (s.held === undefined || s.byCall ? s : { ...s, byCall: true });

class Flow {
  readonly #problems = new Map<string, NextProblem>();
  /** Where the throw states of the expressions being walked go. */
  #thr = new States();

  constructor(
    readonly fn: FunctionLiteral,
    readonly role: Role,
    readonly calls: ReadonlyMap<CallExpression, NextCall>,
    readonly nextSymbol: ts.Symbol | undefined,
    /** How deep in helpers this analysis is (a retry helper's callback is analysed as its parameter). */
    readonly depth = 0,
    /** A function nested in the layer, walked for its own paths: the layer's walk judges what runs it, and how often. */
    readonly callback = false,
  ) {}

  run(): NextProblem[] {
    for (const { call, nested, destination } of this.calls.values()) {
      if (nested && this.callback) continue;
      if (nested) {
        // Every function between the layer's own code and the call: any of them may run it more than once.
        let outermost: Node | undefined;
        let many = false;
        for (let f = call.getFirstAncestor((a) => isFunctionBoundary(a)); f !== undefined && f !== this.fn; f = f.getFirstAncestor((a) => isFunctionBoundary(a))) {
          outermost = f;
          const why = runsManyTimes(f, this.depth);
          if (why !== undefined) {
            this.#report({ kind: 'callback', call, method: why });
            many = true;
            break;
          }
        }
        // `setTimeout(() => next())`, `emitter.once('x', () => next())`: the callback is handed to a call whose
        // result the layer drops, so nothing the layer waits for waits for next().
        if (!many && this.role === 'async' && outermost !== undefined && this.depth === 0) {
          let arg: Node = outermost;
          while (isTransparent(arg.getParentOrThrow())) arg = arg.getParentOrThrow();
          const holder = arg.getParentOrThrow();
          if (Node.isCallExpression(holder) && holder.getArguments().includes(arg as never) && ownerOf(holder) === this.fn && valueDropped(holder)) this.#report({ kind: 'dropped', call });
        }
        continue;
      }
      if (this.role !== 'async' || destination.awaited) continue;
      // `next() as unknown as Response`: a cast that says the promise is a response hides a missing await.
      let wrapper: Node = call;
      while (isTransparent(wrapper.getParentOrThrow())) wrapper = wrapper.getParentOrThrow();
      if (wrapper !== call && (Node.isAsExpression(wrapper) || Node.isTypeAssertion(wrapper))) {
        const type = wrapper.getType();
        if (!type.isAny() && !type.isUnknown() && type.getProperty('then') === undefined && !type.isUnion()) {
          this.#report({ kind: 'dropped', call });
          continue;
        }
      }
      // `Promise.all([next(), audit()]);`: the combinator's promise is dropped, and next()'s with it.
      if (destination.kind === 'other') {
        let n: Node = destination.site;
        while (isTransparent(n.getParentOrThrow())) n = n.getParentOrThrow();
        const list = n.getParentOrThrow();
        const combinator = Node.isArrayLiteralExpression(list) ? list.getParent() : undefined;
        if (Node.isCallExpression(combinator) && /^Promise\.(all|allSettled|race|any)$/.test(combinator.getExpression().getText()) && valueDropped(combinator)) this.#report({ kind: 'dropped', call });
        // `cond && next();`, `cond ? next() : undefined;`, `({ p: next() });`: the value that holds it is thrown away.
        else if (valueDropped(destination.site)) this.#report({ kind: 'dropped', call });
        continue;
      }
      // In a callback, a chain hands its result on as often as it drops it (`next().then(resolve, reject)` in a Promise
      // executor), and its `.then` observes next()'s promise: only the layer's own code must return its chain.
      if (destination.kind === 'statement' || destination.kind === 'dropped' || (destination.kind === 'chained' && !this.callback && chainDropped(call))) this.#report({ kind: 'dropped', call });
    }
    const start = States.of({ calls: 0, last: undefined, held: undefined, heldIn: undefined, byCall: false, facts: new Map() });
    const body = this.fn.getBody();
    if (body === undefined) return [];
    let ends: States;
    let raised = new Map<Node, States>();
    if (Node.isBlock(body)) {
      const c = this.#statement(body, start);
      ends = States.union(c.normal, c.ret);
      raised = c.raised;
    } else {
      ends = this.#expr(body, start);
    }
    const within = this.callback ? 'callback' : 'layer';
    for (const s of ends) {
      if (s.held !== undefined && !s.byCall) this.#report({ kind: 'held', call: s.held, variable: s.heldIn?.getName() ?? 'a variable', within });
    }
    // A `throw` that leaves while next()'s promise sits unobserved: the layer rejects and the layers below run on
    // unobserved (the guarded runtime says MISSING_AWAIT, carrying the error). Only explicit throws: any call may
    // throw, and \`const p = next(); use(1); return await p;\` is how a layer runs work alongside the layers below.
    for (const [thrown, states] of raised) {
      for (const s of states) {
        if (s.held !== undefined) this.#report({ kind: 'held', call: s.held, variable: s.heldIn?.getName() ?? 'a variable', within, thrown });
      }
    }
    return [...this.#problems.values()].sort((a, b) => a.call.getStart() - b.call.getStart());
  }

  #report(problem: NextProblem): void {
    const key = `${problem.kind}:${problem.call.getStart()}`;
    if (!this.#problems.has(key)) this.#problems.set(key, problem);
  }

  // ---- statements ----

  #statement(node: Node, input: States, label?: string): Completion {
    const out = empty();
    if (input.size === 0) return out;
    // Any statement may throw before it changes anything (a property read, an operator): the catch is reachable
    // from here. Such a throw is not one the walk models, so it keeps no promise held: a throw point the walk
    // knows (a call, an await, a throw statement) comes later, where the statement put it, after what it read
    // (\`try { return await p; } catch { … }\`: \`p\` is read before anything in the try can throw).
    out.thr.addAll(input.map(unheld));
    const saved = this.#thr;
    this.#thr = out.thr;
    try {
      this.#statementInto(node, input, out, label);
    } finally {
      this.#thr = saved;
    }
    return out;
  }

  #statementInto(node: Node, input: States, out: Completion, label: string | undefined): void {
    if (Node.isBlock(node) || Node.isCaseClause(node) || Node.isDefaultClause(node)) {
      let current = input;
      for (const statement of node.getStatements()) {
        const c = this.#statement(statement, current);
        mergeAbrupt(out, c);
        current = c.normal;
      }
      out.normal.addAll(current);
      return;
    }
    if (Node.isExpressionStatement(node)) {
      out.normal.addAll(this.#expr(node.getExpression(), input));
      return;
    }
    if (Node.isVariableStatement(node)) {
      let current = input;
      for (const declaration of node.getDeclarations()) {
        const name = declaration.getNameNode();
        if (!Node.isIdentifier(name)) current = this.#expr(name, current); // defaults in a pattern run after the initializer, close enough
        const init = declaration.getInitializer();
        if (init !== undefined) current = this.#expr(init, current);
      }
      out.normal.addAll(current);
      return;
    }
    if (Node.isReturnStatement(node)) {
      const value = node.getExpression();
      out.ret.addAll(value === undefined ? input : this.#expr(value, input));
      return;
    }
    if (Node.isThrowStatement(node)) {
      const thrown = this.#expr(node.getExpression(), input);
      out.thr.addAll(thrown);
      out.raised.set(node, States.union(out.raised.get(node), thrown));
      return;
    }
    if (Node.isIfStatement(node)) {
      const test = node.getExpression();
      const cond = this.#expr(test, input);
      const then = this.#statement(node.getThenStatement(), this.#assume(test, cond, true));
      mergeAbrupt(out, then);
      out.normal.addAll(then.normal);
      const otherwise = node.getElseStatement();
      if (otherwise === undefined) out.normal.addAll(this.#assume(test, cond, false));
      else {
        const e = this.#statement(otherwise, this.#assume(test, cond, false));
        mergeAbrupt(out, e);
        out.normal.addAll(e.normal);
      }
      return;
    }
    if (Node.isLabeledStatement(node)) {
      const name = node.getLabel().getText();
      const c = this.#statement(node.getStatement(), input, name);
      out.normal.addAll(c.normal).addAll(c.brk.get(name) ?? new States());
      c.brk.delete(name);
      mergeAbrupt(out, c);
      return;
    }
    if (Node.isBreakStatement(node) || Node.isContinueStatement(node)) {
      const target = node.getLabel()?.getText() ?? '';
      const map = Node.isBreakStatement(node) ? out.brk : out.cont;
      map.set(target, States.union(map.get(target), input));
      return;
    }
    if (Node.isTryStatement(node)) {
      this.#try(node, input, out);
      return;
    }
    if (Node.isSwitchStatement(node)) {
      const disc = this.#expr(node.getExpression(), input);
      let fall = new States();
      let sawDefault = false;
      const ends = new States();
      for (const clause of node.getClauses()) {
        let entry = States.union(disc, fall);
        if (Node.isCaseClause(clause)) entry = this.#expr(clause.getExpression(), entry);
        else sawDefault = true;
        const c = this.#statement(clause, entry);
        ends.addAll(c.brk.get('') ?? new States());
        c.brk.delete('');
        mergeAbrupt(out, c);
        fall = c.normal;
      }
      out.normal.addAll(ends).addAll(fall);
      if (!sawDefault) out.normal.addAll(disc);
      return;
    }
    if (isLoop(node)) {
      this.#loop(node, input, out, label);
      return;
    }
    if (isFunctionBoundary(node) || Node.isClassDeclaration(node)) {
      out.normal.addAll(this.#closure(node, input));
      return;
    }
    // Other statements (empty, debugger, declarations of types): their expressions, in order.
    out.normal.addAll(this.#children(node, input));
  }

  #try(node: Node & { getTryBlock(): Node; getCatchClause(): { getBlock(): Node } | undefined; getFinallyBlock(): Node | undefined }, input: States, out: Completion): void {
    const attempt = this.#statement(node.getTryBlock(), input);
    let combined: Completion = attempt;
    const handler = node.getCatchClause();
    if (handler !== undefined) {
      const caught = this.#statement(handler.getBlock(), attempt.thr);
      combined = empty();
      combined.normal.addAll(attempt.normal).addAll(caught.normal);
      combined.ret.addAll(attempt.ret);
      for (const [label, s] of attempt.brk) combined.brk.set(label, s);
      for (const [label, s] of attempt.cont) combined.cont.set(label, s);
      // The try's throws are the catch's input: only what the catch raises leaves.
      mergeAbrupt(combined, caught);
    }
    const fin = node.getFinallyBlock();
    if (fin === undefined) {
      out.normal.addAll(combined.normal);
      mergeAbrupt(out, combined);
      return;
    }
    // `finally` runs once for each way the try (and catch) can end, and then ends that way, unless it ends abruptly itself.
    const through = (states: States, resume: (s: States) => void): void => {
      if (states.size === 0) return;
      const f = this.#statement(fin, states);
      resume(f.normal);
      mergeAbrupt(out, f);
    };
    through(combined.normal, (s) => out.normal.addAll(s));
    through(combined.ret, (s) => out.ret.addAll(s));
    through(combined.thr, (s) => out.thr.addAll(s));
    for (const [label, states] of combined.brk) through(states, (s) => out.brk.set(label, States.union(out.brk.get(label), s)));
    for (const [label, states] of combined.cont) through(states, (s) => out.cont.set(label, States.union(out.cont.get(label), s)));
    for (const [thrown, states] of combined.raised) through(states, (s) => out.raised.set(thrown, States.union(out.raised.get(thrown), s)));
  }

  #loop(node: Node, input: States, out: Completion, label: string | undefined): void {
    let head: States;
    let cond: (s: States) => States = (s) => s;
    let incr: (s: States) => States = (s) => s;
    let exitsOnCondition = true;
    let body: Node;
    let bodyFirst = false;
    let runsOnce = false;
    if (Node.isForStatement(node)) {
      const init = node.getInitializer();
      head = init === undefined ? input : this.#expr(init, input);
      const c = node.getCondition();
      if (c === undefined) exitsOnCondition = false;
      else cond = (s) => this.#expr(c, s);
      const inc = node.getIncrementor();
      if (inc !== undefined) incr = (s) => this.#expr(inc, s);
      body = node.getStatement();
    } else if (Node.isForOfStatement(node) || Node.isForInStatement(node)) {
      head = this.#expr(node.getExpression(), input);
      body = node.getStatement();
    } else if (Node.isWhileStatement(node)) {
      head = input;
      const c = node.getExpression();
      cond = (s) => this.#expr(c, s);
      exitsOnCondition = !(Node.isTrueLiteral(c));
      body = node.getStatement();
    } else if (Node.isDoStatement(node)) {
      head = input;
      const c = node.getExpression();
      cond = (s) => this.#expr(c, s);
      exitsOnCondition = !(Node.isTrueLiteral(c));
      body = node.getStatement();
      bodyFirst = true;
      // `do { … } while (false)`: a block left by break, run once.
      runsOnce = Node.isFalseLiteral(c);
    } else {
      throw new Error(`not a loop: ${node.getKindName()}`);
    }
    const exits = new States();
    const seen = new States();
    let frontier = head;
    for (let round = 0; round < 32 && frontier.size > 0; round++) {
      const before = seen.size;
      seen.addAll(frontier);
      if (round > 0 && seen.size === before) break;
      // A do-while's frontier is already past its condition (or at the first entry).
      const checked = bodyFirst ? frontier : cond(frontier);
      if (exitsOnCondition && !bodyFirst) exits.addAll(checked);
      const b = this.#statement(body, checked);
      exits.addAll(b.brk.get('') ?? new States());
      if (label !== undefined) exits.addAll(b.brk.get(label) ?? new States());
      const again = States.union(b.normal, b.cont.get(''), label === undefined ? undefined : b.cont.get(label));
      b.brk.delete('');
      b.cont.delete('');
      if (label !== undefined) {
        b.brk.delete(label);
        b.cont.delete(label);
      }
      mergeAbrupt(out, b);
      if (bodyFirst) {
        frontier = cond(again);
        if (exitsOnCondition) exits.addAll(frontier);
        if (runsOnce) break;
      } else frontier = incr(again);
    }
    out.normal.addAll(exits);
  }

  // ---- expressions: returns the states after `node` ran, throw points go to #thr ----

  #expr(node: Node, input: States): States {
    if (input.size === 0) return input;
    if (isFunctionBoundary(node) || Node.isClassExpression(node)) return this.#closure(node, input);
    if (Node.isConditionalExpression(node)) {
      const test = node.getCondition();
      const c = this.#expr(test, input);
      return States.union(this.#expr(node.getWhenTrue(), this.#assume(test, c, true)), this.#expr(node.getWhenFalse(), this.#assume(test, c, false)));
    }
    if (Node.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getText();
      if (op === '&&' || op === '||') {
        // `a && b` runs b only where a held; `a || b` only where it did not.
        const test = node.getLeft();
        const left = this.#expr(test, input);
        const runsRight = op === '&&';
        return States.union(this.#assume(test, left, !runsRight), this.#expr(node.getRight(), this.#assume(test, left, runsRight)));
      }
      if (op === '??' || op === '&&=' || op === '||=' || op === '??=') {
        const left = this.#expr(node.getLeft(), input);
        return States.union(left, this.#expr(node.getRight(), left));
      }
      if (op === '=' && Node.isIdentifier(node.getLeft())) {
        const right = this.#expr(node.getRight(), input);
        // Writing over the variable that holds next()'s promise loses it: count that as a use, not a drop.
        return this.#read(node.getLeft() as Identifier, right);
      }
    }
    if (Node.isCallExpression(node)) {
      let s = this.#expr(node.getExpression(), input);
      for (const arg of node.getArguments()) s = this.#expr(arg, s);
      const call = this.calls.get(node);
      if (call !== undefined && !call.nested) s = this.#called(call, s);
      // A call of a local function that calls next() (see #closure).
      const callee = node.getExpression();
      const local = Node.isIdentifier(callee) ? this.#invoked.get(callee.getSymbol()?.compilerSymbol as ts.Symbol) : undefined;
      if (local !== undefined) s = this.#called(local, s, { site: node, name: callee.getText() });
      this.#thr.addAll(s.map(thrownByCall));
      return node.hasQuestionDotToken() ? States.union(input, s) : s;
    }
    if (Node.isAwaitExpression(node)) {
      const s = this.#expr(node.getExpression(), input);
      this.#thr.addAll(s.map(thrownByCall));
      return s;
    }
    if (Node.isIdentifier(node)) return this.#read(node, input);
    if ((Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) && node.hasQuestionDotToken()) {
      return States.union(input, this.#children(node, input));
    }
    return this.#children(node, input);
  }

  /** The states of `input` in which `test` came out `value`: a const flag's test drops the paths that know otherwise, and tells the rest. */
  #assume(test: Node, input: States, value: boolean): States {
    const flag = flagOf(test);
    if (flag === undefined) return input;
    const holds = flag.when === value;
    const out = new States();
    for (const s of input) {
      const known = s.facts.get(flag.symbol);
      if (known === undefined) out.add({ ...s, facts: new Map([...s.facts, [flag.symbol, holds]]) });
      else if (known === holds) out.add(s);
    }
    return out;
  }

  #children(node: Node, input: States): States {
    let s = input;
    for (const child of node.getChildren()) {
      if (Node.isTypeNode(child) || child.getKindName().endsWith('Keyword') || child.getKindName().endsWith('Token')) continue;
      s = Node.isStatement(child) && !Node.isExpressionStatement(child) ? this.#statement(child, s).normal : this.#expr(child, s);
    }
    return s;
  }

  /** A function or class made here: its code runs later, any number of times; a next() in it counts as one call made here. */
  /**
   * A function or class made here: its code runs later, any number of times. One
   * that calls next() counts as a call where it is made, unless it has a name
   * only ever called (\`const proceed = () => next(); … return proceed();\`):
   * then each call of it counts.
   */
  #closure(node: Node, input: States): States {
    const inside = [...this.calls.values()].filter((c) => c.nested && (c.call === node || node.containsRange(c.call.getPos(), c.call.getEnd())));
    const first = inside[0];
    if (first === undefined) return input;
    const name = nameOfFunction(node);
    if (name !== undefined && this.#invoked.has(name.getSymbol()?.compilerSymbol as ts.Symbol)) return input;
    return this.#called(first, input);
  }

  /** Local functions that call next() and are only ever called by name, each with the first next() call in it. */
  get #invoked(): Map<ts.Symbol, NextCall> {
    if (this.#invokedCache !== undefined) return this.#invokedCache;
    const out = new Map<ts.Symbol, NextCall>();
    for (const call of this.calls.values()) {
      if (!call.nested) continue;
      // The function of the layer's own code that holds the call.
      let f = call.call.getFirstAncestor((a) => isFunctionBoundary(a));
      while (f !== undefined && f.getFirstAncestor((a) => isFunctionBoundary(a)) !== this.fn) f = f.getFirstAncestor((a) => isFunctionBoundary(a));
      const name = f === undefined ? undefined : nameOfFunction(f);
      const symbol = name?.getSymbol();
      if (f === undefined || name === undefined || symbol === undefined || out.has(symbol.compilerSymbol)) continue;
      const uses = this.fn.getDescendantsOfKind(SyntaxKind.Identifier).filter((id) => id !== name && id.getText() === name.getText() && id.getSymbol() === symbol && !f!.containsRange(id.getPos(), id.getEnd()));
      const called = uses.every((id) => Node.isCallExpression(id.getParent()) && (id.getParent() as CallExpression).getExpression() === id);
      if (uses.length > 0 && called) out.set(symbol.compilerSymbol, call);
    }
    this.#invokedCache = out;
    return out;
  }

  #invokedCache: Map<ts.Symbol, NextCall> | undefined;

  /** `call` runs on each path of `input`; `via`: it runs through a call of the local function `name` at `site`, which is where it counts. */
  #called(call: NextCall, input: States, via?: { site: CallExpression; name: string }): States {
    // A call in a callback is held, or not, in the callback's own walk (analyseParameter), where its variable is read.
    const holder = call.nested || call.destination.awaited || this.role !== 'async' ? undefined : this.#holder(call);
    const at = via?.site ?? call.call;
    return input.map((s) => {
      if (s.calls > 0 && s.last !== undefined) this.#report(via === undefined ? { kind: 'twice', call: at, earlier: s.last } : { kind: 'twice', call: at, earlier: s.last, via: via.name });
      return {
        calls: s.calls === 0 ? 1 : 2,
        last: at,
        held: holder === undefined ? s.held : call.call,
        heldIn: holder === undefined ? s.heldIn : holder,
        byCall: holder === undefined ? s.byCall : false,
        facts: s.facts,
      };
    });
  }

  /**
   * The variable that keeps `call`'s promise, when it is kept in one (`const p = next()`, `p = next()`); in a
   * callback's walk, only one of the callback's own (the layer may read one of its own after the callback ran).
   */
  #holder(call: NextCall): ts.Symbol | undefined {
    const symbol = this.#keeper(call);
    if (symbol === undefined || !this.callback) return symbol;
    const decl = symbol.declarations?.[0];
    return decl !== undefined && this.fn.compilerNode.pos <= decl.pos && decl.end <= this.fn.compilerNode.end ? symbol : undefined;
  }

  #keeper(call: NextCall): ts.Symbol | undefined {
    const d = call.destination;
    if (d.kind === 'declare' && Node.isVariableStatement(d.statement)) {
      const name = d.statement.getDeclarations()[0]?.getNameNode();
      return name !== undefined && Node.isIdentifier(name) ? name.getSymbol()?.compilerSymbol : undefined;
    }
    if (d.kind === 'assign' && Node.isExpressionStatement(d.statement)) {
      const e = d.statement.getExpression();
      return Node.isBinaryExpression(e) ? e.getLeft().getSymbol()?.compilerSymbol : undefined;
    }
    if (d.kind !== 'other') return undefined;
    // In a literal a variable keeps (`const box = { p: next() }`, `const all = [next()]`), or pushed into an array
    // of the layer's (`pending.push(next())`): that variable holds it.
    let n: Node = d.site;
    for (;;) {
      const p = n.getParentOrThrow();
      if (isTransparent(p) || Node.isArrayLiteralExpression(p)) n = p;
      else if (Node.isPropertyAssignment(p) && p.getInitializer() === n) n = p.getParentOrThrow();
      else break;
    }
    const p = n.getParentOrThrow();
    if (n !== d.site && Node.isVariableDeclaration(p) && p.getInitializer() === n) {
      const name = p.getNameNode();
      return Node.isIdentifier(name) ? name.getSymbol()?.compilerSymbol : undefined;
    }
    const method = Node.isCallExpression(p) && p.getArguments().includes(n as never) ? methodCall(p) : undefined;
    const array = method !== undefined && /^(push|unshift)$/.test(method.name) ? unwrapAll(method.receiver) : undefined;
    if (Node.isIdentifier(array)) {
      const symbol = array.getSymbol();
      const decl = symbol?.getDeclarations()[0];
      if (decl !== undefined && Node.isVariableDeclaration(decl) && this.fn.containsRange(decl.getPos(), decl.getEnd())) return symbol?.compilerSymbol;
    }
    return undefined;
  }

  #read(id: Identifier, input: States): States {
    let touched = false;
    for (const s of input) if (s.heldIn !== undefined) touched = true;
    if (!touched) return input;
    const parent = id.getParent();
    const symbol = (Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === id ? parent.getValueSymbol() : id.getSymbol())?.compilerSymbol;
    if (symbol === undefined || symbol === this.nextSymbol) return input;
    // A declaration's own name is not a read of it, nor is a read that cannot reach the promise in it.
    if (Node.isVariableDeclaration(parent) && parent.getNameNode() === id) return input;
    if (inertRead(id)) return input;
    return input.map((s) => (s.heldIn === symbol ? { ...s, held: undefined, heldIn: undefined, byCall: false } : s));
  }
}
