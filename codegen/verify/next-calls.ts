/**
 * The mistakes with `next()` that types cannot see, as the shared next()
 * analysis proves them (analysis/next-flow.ts): a call whose promise is
 * dropped (neither awaited nor returned, or kept in a variable some path never
 * reads, or a `throw` leaves unawaited), and a call that can run twice on one
 * path (in sequence, in a loop, again in a `catch` or `finally`, in a callback
 * that runs many times, twice in one run of a callback).
 */
import { analyseNext, type Role } from '../analysis/next-flow.js';
import { lineOf, type FunctionLiteral } from '../analysis/syntax.js';
import { at, type Diagnostic } from '../diagnostics.js';

const missingAwait = "(missing await): write 'await next()' or 'return next()', or the layers below run unobserved and their errors are lost";

/** The next() diagnostics of one layer literal; `sync` as the layer was made (undefined: from the function's own form). */
export function checkNextCalls(fn: FunctionLiteral, layer: string, sync: boolean | undefined): Diagnostic[] {
  const role: Role = sync === true || (sync === undefined && !fn.isAsync()) ? 'sync' : 'async';
  const who = `middleware '${layer}'`;
  const analysis = analyseNext(fn, role);
  const escapes = analysis.escapes.map((e) =>
    at(e.node, 'next-escapes', `${who} passes next ${e.how}, where check cannot see how often it is called or whether it is awaited: call it directly (await next(), return next(), or () => next() as the callback)`),
  );
  return [...escapes, ...analysis.problems.map((p) => {
    switch (p.kind) {
      case 'dropped':
        return at(p.call, 'dropped-next', `${who} calls next() without awaiting or returning it ${missingAwait}`);
      case 'held':
        return p.thrown === undefined
          ? at(p.call, 'dropped-next', `${who} keeps next()'s promise in '${p.variable}', which a path to the end of the ${p.within} never awaits or returns ${missingAwait}`)
          : at(p.call, 'dropped-next', `${who} keeps next()'s promise in '${p.variable}', which the path that throws at line ${lineOf(p.thrown)} never awaits ${missingAwait}`);
      case 'callback':
        return at(p.call, 'next-twice', `${who} calls next() inside ${p.method}: call it once per request, outside the callback`);
      case 'twice': {
        return p.earlier === p.call
          ? at(p.call, 'next-twice', `${who} calls next() ${p.via === undefined ? '' : `through '${p.via}' `}inside a loop, so it can run the rest of the chain more than once: call it once per request`)
          : at(p.call, 'next-twice', `${who} can call next() twice on one path (${p.via === undefined ? '' : `through '${p.via}', `}again after line ${lineOf(p.earlier)}): call it at most once per request`);
      }
    }
  })];
}
