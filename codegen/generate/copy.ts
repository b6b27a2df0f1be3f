/**
 * One inlined copy of a layer (or handler): its body as parts, with a hole at
 * each `next()` site where the steps below run. Its names are printed as
 * written (the planner inlines it only where they can be, names.ts): its block
 * is a scope of its own; module-level names are the generated module's imports
 * under the same names; its `req` parameter is bound to the request of the
 * function it lands in at the block's start; labels are its glue's; each
 * `return x` becomes `target = x` and a `break` out of the copy's labelled
 * block (so a `try`/`finally` of the layer still encloses exactly what it
 * enclosed); a `next(adds)` site becomes `Object.assign(req, adds)` and the
 * steps below, their response in a fresh variable that replaces the call.
 *
 * An async function (or a layer whose result an async one awaits) hands up a
 * returned promise only once its body is done: where a returned value may be
 * a promise, it is kept in `settle` and awaited after the block, outside any
 * `try` of the copy, as the runtime does.
 */
import { Node, SyntaxKind, VariableDeclarationKind, type Expression, type Identifier } from 'ts-morph';
import { inStatementList, ownerOf, unwrap } from '../analysis/syntax.js';
import { Edits, type Part, type Piece } from './edits.js';
import type { Literal, Site } from './forms.js';

/** The glue names a copy is printed with, all chosen by the planner (the user's names are printed as written). */
export interface CopyNames {
  /** The printed name of a label the literal declares. */
  readonly label: (label: Identifier) => string;
  /** The request variable of the function the copy lands in. */
  readonly req: string;
  /** Where the copy leaves its response. */
  readonly target: string;
  /** The copy's own label, for leaving it early (made when first asked for). */
  readonly exit: () => string;
  /** A fresh variable for a hole to leave the inner response in. */
  readonly fresh: () => string;
  /** What an inlined `next(adds)` calls: `add(req, adds, index)` (the source chain's BAD_ADDITIONS check while its guards are on). */
  readonly add: string;
  /** The step this copy is (its layer's index; the handler's is the number of layers). */
  readonly index: number;
  /** A relative specifier of a dynamic import, as the generated module must write it. */
  readonly specifier: (written: string, from: string) => string;
}

/** Whether a value of this expression's type may be a promise (or any thenable). */
export function mayBeThenable(expr: Node): boolean {
  const check = (t: import('ts-morph').Type): boolean =>
    t.isAny() || t.isUnknown() || t.isTypeParameter() || t.getText() === 'object' || t.getText() === '{}' || t.getProperty('then') !== undefined || (t.isIntersection() && t.getIntersectionTypes().some(check));
  const type = expr.getType();
  return type.isUnion() ? type.getUnionTypes().some(check) : check(type);
}

/**
 * Whether a value of `expr` is surely no thenable, whatever its type says: a
 * primitive literal, `new Response(…)` of the global `Response`, a `?:` of such,
 * or a `const` initialized by an `await` (which settled it).
 */
export function surelySettled(expr: Node): boolean {
  const u = unwrap(expr);
  if (Node.isConditionalExpression(u)) return surelySettled(u.getWhenTrue()) && surelySettled(u.getWhenFalse());
  if (Node.isStringLiteral(u) || Node.isNumericLiteral(u) || Node.isNoSubstitutionTemplateLiteral(u) || Node.isTemplateExpression(u) || u.getKind() === SyntaxKind.NullKeyword) return true;
  if (Node.isNewExpression(u)) {
    const callee = u.getExpression();
    return Node.isIdentifier(callee) && callee.getText() === 'Response' && (callee.getSymbol()?.getDeclarations() ?? []).every((d) => d.getSourceFile().isDeclarationFile());
  }
  if (Node.isIdentifier(u)) {
    const declarations = u.getSymbol()?.getDeclarations() ?? [];
    return (
      declarations.length === 1 &&
      Node.isVariableDeclaration(declarations[0]) &&
      declarations[0].getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const &&
      Node.isAwaitExpression(unwrap(declarations[0].getInitializer() ?? declarations[0]))
    );
  }
  return false;
}

/** Where one hole of a copy leaves the inner response, and whether the code there uses it at once. */
export interface HoleUse {
  /** The variable. */
  readonly target: string;
  /** The site awaits it (`await next()`): the response must be settled when the hole is done. */
  readonly awaited: boolean;
  /** The site returns it (`return next()`): the copy hands it up as it is. */
  readonly returned: boolean;
}

export interface Copy {
  readonly parts: readonly Part[];
  /**
   * How the copy's answer is settled for a reader that needs it so, after its
   * block and after the response check (which must see what the layer answered,
   * as the guarded composer does): awaited (its type may be a promise), awaited
   * when it is a thenable (a type can lie), or not at all.
   */
  readonly settle: 'await' | 'thenable' | undefined;
  /** Per hole (in the order of the form's sites). */
  readonly holes: readonly HoleUse[];
}

/**
 * The copy of `lit`. `settled`: whoever reads the copy's response needs it
 * settled (an inlined async layer above uses it directly). `innerThenable`: a
 * hole's response may be a promise (the steps below run in an async function
 * of their own, not awaited at a returned site).
 */
export function copyLiteral(lit: Literal, names: CopyNames, settled: boolean, innerThenable: boolean): Copy {
  const { fn, bindings, form } = lit;
  const body = fn.getBody()!;
  const file = fn.getSourceFile();
  const edits = new Edits(file.getFullText());
  const reqName = lit.req?.getNameNode();
  const reqSymbol = reqName?.getSymbol()?.compilerSymbol;

  for (const { label, uses } of bindings.labels) {
    for (const id of [label, ...uses]) edits.replace(id.getStart(), id.getEnd(), [names.label(label)]);
  }
  for (const { literal, from } of bindings.dynamicImports) {
    edits.replace(literal.getStart(), literal.getEnd(), [JSON.stringify(names.specifier(literal.getLiteralValue(), from.getFilePath()))]);
  }

  const slice = (node: Node): Piece => ({ slice: [node.getStart(), node.getEnd()] });
  const sites: readonly Site[] = form.kind === 'never' ? [] : form.sites;
  const siteStatements = new Set(sites.flatMap((s) => (s.destination.statement === undefined ? [] : [s.destination.statement])));
  const returns = Node.isBlock(body) ? body.getDescendantsOfKind(SyntaxKind.ReturnStatement).filter((r) => ownerOf(r) === fn && !siteStatements.has(r)) : [];

  // What the copy can hand up besides the inner responses: every other return's value, and the other branches of a `?:` around a site.
  const values: Node[] = returns.flatMap((r) => r.getExpression() ?? []);
  if (!Node.isBlock(body) && sites.length === 0) values.push(body);
  const branchLeaves = (site: Site, e: Node): Node[] => {
    const u = unwrap(e);
    if (u === unwrap(site.destination.site)) return [];
    return Node.isConditionalExpression(u) && site.destination.branches.includes(u) ? [...branchLeaves(site, u.getWhenTrue()), ...branchLeaves(site, u.getWhenFalse())] : [e];
  };
  for (const site of sites) {
    const d = site.destination;
    if (d.branches.length > 0 && d.kind === 'return') values.push(...branchLeaves(site, d.branches[0]!));
    // A returned operand hands up what the expression around the call makes of it (`return etag(await next())`).
    if (d.kind === 'operand' && d.statement === undefined) values.push(body);
    const returned = d.kind === 'operand' && Node.isReturnStatement(d.statement) ? d.statement.getExpression() : undefined;
    if (returned !== undefined) values.push(returned);
  }
  const returnedRaw = sites.some((s) => s.destination.kind === 'return' && !s.destination.awaited);
  const settles = settled && (values.some(mayBeThenable) || (innerThenable && returnedRaw));
  // Types can lie: short of a value that is surely no thenable, a settled reader still gets it settled (below).
  // A sync layer's returned next() is what the layers below answered, unsettled: a thenable only if a type lied.
  const checksThenable = settled && !settles && (!values.every(surelySettled) || (lit.role === 'sync' && returnedRaw));
  const leaveTo = names.target;
  let breaks = false;
  const isTail = (statement: Node): boolean => Node.isBlock(body) && statement.getParent() === body && body.getStatements().at(-1) === statement;

  /** Leaves the copy with `value` (undefined: `return;`). */
  const leave = (value: Piece[] | undefined, tail: boolean): Piece[] => {
    if (!tail) breaks = true;
    const assign: Piece[] = [leaveTo, ' = ', ...(value ?? ['undefined']), ';'];
    return tail ? assign : ['{ ', ...assign, ` break ${names.exit()};`, ' }'];
  };
  const wrap = (statement: Node, pieces: Piece[]): Piece[] => (inStatementList(statement) ? pieces : ['{\n', ...pieces, '\n}']);

  for (const ret of returns) {
    const value = ret.getExpression();
    edits.replace(ret.getStart(), ret.getEnd(), leave(value === undefined ? undefined : [slice(value)], isTail(ret)));
  }

  // Each site: where its hole leaves the inner response, and the code that runs the steps below there.
  const plans = sites.map((site, index) => {
    const d = site.destination;
    const arg = site.call.getArguments()[0];
    const adds: Piece[] = arg === undefined ? [] : [`${names.add}(`, names.req, ', ', slice(arg), `, ${names.index});\n`];
    const statement = d.statement;
    const tail = statement === undefined || isTail(statement);
    const alone = sites.filter((o) => o.destination.statement === statement).length === 1 && d.branches.length === 0;
    // Every site keeps the inner response in a glue variable, also `await next();` (the response guard reads it) and
    // `const res = await next();` (`const res = res$3;` after the hole): a copy below may declare a `res` of its own.
    // A tail `return next()` hands the inner response up as it is: it can land where this copy's goes.
    const inner = d.kind === 'return' && tail && alone ? leaveTo : names.fresh();
    const run: Piece[] = [...adds, inner === leaveTo ? '' : `let ${inner};\n`, { hole: index }];
    return { site, d, statement, tail, inner, run, adds, index };
  });
  const holes: HoleUse[] = plans.map(({ d, inner }) => ({ target: inner, awaited: d.awaited, returned: d.kind === 'return' }));

  // The sites of one statement (or of the concise body) are rewritten together: the `?:` around them becomes if/else.
  const byStatement = new Map<Node, typeof plans>();
  for (const plan of plans) {
    const key = plan.statement ?? body;
    byStatement.set(key, [...(byStatement.get(key) ?? []), plan]);
  }
  for (const [statement, group] of byStatement) {
    const first = group[0]!;
    const { d, tail } = first;
    const allBranches = new Set(group.flatMap((g) => g.d.branches));
    const siteAt = (u: Node): (typeof plans)[number] | undefined => group.find((g) => unwrap(g.d.site) === u);
    /** The value `e` (a `?:` tree around sites) handed to `finish`: a site's inner response, or the expression. */
    const branch = (e: Node, finish: (value: Piece[], site: boolean) => Piece[]): Piece[] => {
      const u = unwrap(e);
      const at = siteAt(u);
      if (at !== undefined) {
        const then = finish([at.inner], at.inner === leaveTo);
        return then.length === 0 ? at.run : [...at.run, '\n', ...then];
      }
      if (Node.isConditionalExpression(u) && allBranches.has(u)) {
        return ['if (', slice(u.getCondition()), ') {\n', ...branch(u.getWhenTrue(), finish), '\n} else {\n', ...branch(u.getWhenFalse(), finish), '\n}'];
      }
      return finish([slice(e)], false);
    };
    if (d.kind === 'return') {
      const value = statement === body ? body : (statement as Node & { getExpression(): Expression | undefined }).getExpression()!;
      const pieces = branch(value, (v, landed) => (landed ? [] : leave(v, tail)));
      if (statement === body) edits.replace(body.getStart(), body.getEnd(), pieces);
      else edits.replace(statement.getStart(), statement.getEnd(), wrap(statement, pieces));
    } else if (d.kind === 'statement') {
      edits.replace(statement.getStart(), statement.getEnd(), wrap(statement, first.run));
    } else if (d.branches.length === 0) {
      // `const r = await next(a);`, `r = …;`, `f(await next(a), …);`, `return (await next()).x;`: the steps below just
      // before the statement, then the statement with their response in place of the call.
      edits.replace(d.site.getStart(), d.site.getEnd(), [first.inner]);
      if (statement === body) {
        // A concise body: `(req, next) => withHeader(await next(), …)`.
        edits.replace(body.getStart(), body.getEnd(), [...first.run, '\n', ...leave([slice(body)], true)]);
        continue;
      }
      const rest: Piece[] = Node.isReturnStatement(statement)
        ? (() => {
            const value = statement.getExpression();
            return leave(value === undefined ? undefined : [slice(value)], tail);
          })()
        : [slice(statement)];
      edits.replace(statement.getStart(), statement.getEnd(), wrap(statement, [...first.run, '\n', ...rest]));
    } else {
      // `const r = c ? x : await next(a);` / `r = …;`: the value in a variable, then the statement with it in place of the `?:`.
      const replaced = d.branches[0]!;
      const value = names.fresh();
      const pieces = branch(replaced, (v) => [value, ' = ', ...v, ';']);
      edits.replace(replaced.getStart(), replaced.getEnd(), [value]);
      edits.replace(statement.getStart(), statement.getEnd(), wrap(statement, [`let ${value};\n`, ...pieces, '\n', slice(statement)]));
    }
  }

  if (sites.length === 0 && !Node.isBlock(body)) edits.replace(body.getStart(), body.getEnd(), leave([slice(body)], true));

  // The layer's own `req` (a name it reads, or a pattern, destructured as the call would) bound to the request,
  // under the name it writes. `let`, as a parameter is: the layer may assign to it.
  let binding: Part[] = [];
  if (reqName !== undefined && (!Node.isIdentifier(reqName) || bindings.localUses.some((u) => u.symbol === reqSymbol && u.id !== reqName))) {
    binding = ['let ', ...edits.render(reqName.getStart(), reqName.getEnd()), ` = ${names.req};\n`];
  }

  let block: Part[];
  if (Node.isBlock(body)) {
    const rest = edits.render(body.getStart() + 1, body.getEnd());
    if (typeof rest[0] === 'string') rest[0] = rest[0].replace(/^[ \t]*\r?\n/, '');
    block = ['{\n', ...binding, ...rest];
  } else {
    const code = edits.render(body.getStart(), body.getEnd());
    block = binding.length === 0 ? code : ['{\n', ...binding, ...code, '\n}'];
  }
  const labelled: Part[] = breaks ? [`${names.exit()}: `, ...block] : block;
  const parts: Part[] = labelled;
  return { parts, settle: settles ? 'await' : checksThenable ? 'thenable' : undefined, holes };
}
