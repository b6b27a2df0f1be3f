// Writes docs/codegen.md: how `shallot codegen` turns a chain into a flat handler,
// the normal forms it inlines with their exact semantics, and a real chain (the
// seed fixture of test/codegen/seed/) beside the handler it generates. The
// fixture test checks that the page still shows the current output.
//   node scripts/codegen-page.mjs
import fs from 'node:fs';

const read = (f) => fs.readFileSync(new URL(`../test/codegen/seed/${f}`, import.meta.url), 'utf8').trimEnd();
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (title, text) => `<td valign="top">\n\n**${title}**\n\n<pre lang="ts">\n${escape(text)}\n</pre>\n\n</td>`;

const page = `# Codegen: a chain and its flat handler

\`shallot codegen\` reads each exported chain, checks it, and writes a module beside
its source (\`app.ts\` -> \`app.gen.ts\`) that exports the same names with the same
types: flat handlers that behave as the runtime chain. This page says how, and
exactly which shapes of layer it inlines. Inlining is an optimisation, never a
change of meaning: every other shape is *called*, through the runtime kernel's
own functions, and the generated code says why above the call.

## The stages

\`codegen/\` runs four stages, each in its folder:

1. **inspect** reads the project through its tsconfig and finds every exported
   chain. Structure is read from values, not types: \`.use(x)\` splices a sub-chain
   when \`x\` evaluates (through \`const\`s, imports and re-exporting barrels) to a
   \`chain()…use(…)\` expression, adds a layer when it evaluates to
   \`middleware(…)\`; only where no value can be read (a factory's result) does the
   type decide. A layer's (or handler's) function is read through \`const\`s and
   function declarations; a \`let\` or \`var\`, or a function declaration its
   module writes to anywhere (\`impl = wrap(impl)\`, legal JavaScript), can hold
   another value at run time, so that layer is called, with a reason naming the
   binding (and the line of the write). A layer used twice is two uses; a
   sub-chain spliced twice is read twice. One resolver follows every name and records every file it read, which is
   what \`--watch\` rebuilds from.
2. **verify** reports, as \`file:line:col\`, the type checks (the \`ChainError\`
   message), a chain it cannot read and why, and what the one analysis of
   \`next()\` (\`codegen/analysis/next-flow.ts\`) proves on the layer's control flow:
   a path that calls \`next()\` twice (in sequence, in a loop, again in a \`catch\` or
   \`finally\`, in a callback of \`forEach\`/\`map\`/…, in a helper that calls itself or
   that a retry function of the project calls in a loop, through a local closure
   called twice, such as \`const run = () => next()\`; a \`const\` flag tested twice
   is followed, so \`if (skip) …; if (!skip) …\` is one path each), a promise of \`next()\` that is
   dropped, or kept in a variable that a path to the end never reads. Dropped means
   a statement of its own, under \`void\`, or carried there (\`cond && next();\`,
   \`cond ? next() : undefined;\`, \`({ p: next() });\`), or handed to a
   \`setTimeout\`-like call or a \`Promise.all\` whose result is dropped. Kept means in
   a variable (\`const p = next()\`), in an array or object literal a variable keeps
   (\`const box = { p: next() }\`), or pushed into an array of the layer's
   (\`pending.push(next())\`); reads that cannot reach the promise (\`pending.length\`,
   \`typeof box.p\`) do not count, and a path that leaves by a \`throw\` statement the
   layer does not catch must have read it too (\`const p = next(); if (bad) throw …;
   return p;\` is reported; a throw from a call is not, so \`const p = next();
   use(); return await p;\` is fine, and neither is a catch that answers after a
   call or an \`await\` threw, as in \`const p = next(); try { use(); return await p;
   } catch { return fallback; }\`; a catch that rethrows it is a \`throw\` statement,
   reported when the promise is still unread). Each function nested in the layer
   that calls \`next()\` (a callback of \`als.run\`, a tracer's \`startActiveSpan\`, \`.then\`, a
   Promise executor, an async IIFE) is also walked on its own paths, as one run of
   it: two calls in sequence in it, or a promise it drops or keeps unread in its own
   variables, are reported whoever calls it, and however often (a \`.then\` callback
   or an executor runs once; an unknown function's callback runs at least once when
   it calls next() at all). A chain \`next().then(…)\` dropped as a statement is
   reported in the layer's own code, not in a callback (\`next().then(resolve,
   reject)\` in an executor hands the result on). A module with
   a problem is not generated, except for a chain codegen cannot read: it is
   reported, and re-exported as it is (the runtime chain) beside the generated
   others.
3. **generate** plans each chain (\`codegen/generate/plan.ts\`): a tree with one
   *copy* per use of a layer and one for the handler, each inlined in a normal form
   (\`forms.ts\`, below) or called, and prints it (\`print.ts\`), which only
   concatenates what the plan decided.
4. **write** writes each module only when it changed, through a temporary file.

## The generated module

- It imports the source chain and checks, when it loads, that its layers still
  have the number, names and sync flags the module was generated from
  (\`expectChain\` of \`shallot/generated\`). A cast, a widened type or a stale file
  can hide a chain's real shape from codegen; then loading throws a
  \`GENERATED_MISMATCH\` \`ShallotError\` naming the chain and the first difference,
  instead of running other code than the chain.
- Its export is typed as the source chain (\`export const app: typeof appSource\`),
  and its description is the source's (layer names read at run time), marked
  \`generated: true\`, with the source's \`guards\`.
- Guards: the generated handler keeps its source chain's guards, by
  construction. With them on (outside production), every layer it calls runs
  through the guarded kernel's own code (\`runGuardedAsync\`/\`runGuardedSync\` of
  \`src/guarded.ts\`, the functions the guarded composer runs each layer through),
  so a called layer's second \`next()\`, dropped \`next()\` promise, non-response or
  sync/async mix fails exactly as in the runtime chain. After each inlined copy,
  pass-through copies and a called handler included,
  \`if (appChain.check) res = appChain.check(res, k)\` checks what step \`k\`
  answers where the guarded composer checks it (NOT_A_RESPONSE naming the layer,
  SYNC_GOT_PROMISE for a promise from a sync layer or handed to one; a promise is
  handed up as a promise checked once it settles), and each inlined
  \`next(adds)\` goes through \`appChain.add(req, adds, k)\` (BAD_ADDITIONS). The
  next() guards of the inlined layers need no code: \`shallot check\` proves them
  (a module with a problem is not generated from). With the guards off, the
  checks are one property read per step, and a called layer runs through the
  fast kernel, which still stops a second \`next()\`.
- It is not type-checked (\`// @ts-nocheck\`): its exports have the source's types,
  and its code is the layers' own, already checked where it is written. A copy's
  variables hold the concrete responses of the layers below rather than
  \`Passed<…>\`, a called layer's response is untyped, and code after a handler
  that always throws is unreachable: checking the copies again would only turn a
  project's strict flags against code the user did not write. The tests compile
  every fixture and case project with every strict flag on.

## The normal forms

A layer's function literal is a candidate when it is an arrow or a function
(expression or declaration), not a generator, not generic, with plain parameters
(at most \`req\` and \`next\`, no rest, no defaults, \`next\` a plain name), of the
layer's kind (an \`async\` function given to \`middleware.sync\` is called), and
whose names can be copied: no \`this\`, \`arguments\`, \`super\`, \`new.target\`,
\`import.meta\` or direct \`eval\`, no closure over an enclosing function, no write to
a variable of its module (an import is read-only), no reference to its own name,
every module-level name it uses exported by its module, every dynamic import's
specifier a string (a relative one is rebased onto the generated module's folder).
Its \`next\` must be referenced only as direct calls \`next()\` or \`next(adds)\`, in
its own code (not in a nested function), outside loops. Where the calls sit
decides the form:

| form | shape | what the copy is |
|---|---|---|
| never | no \`next\` parameter, or never referenced | the body; the steps below do not appear |
| pass | the body only hands up \`next()\`: \`next()\`, \`return next()\`, \`return await next()\`, \`const r = await next(); return r;\` (no additions, \`req\` unread) | the steps below, nothing else |
| sites | calls awaited as a statement (\`await next(a);\`), as the initializer of a one-declaration statement (\`const r = await next(a);\`, also in a branch of \`?:\`), as an assignment statement (\`r = await next(a);\`), returned (\`return [await] next(a)\`, a concise body, a branch of \`?:\`), or as the first thing their statement evaluates, everything before them a stable read (\`withHeader(await next(), …)\`, \`(await next()).status\`, an \`if\` condition) | the body, with the steps below at the call; with several calls (on exclusive paths: verify proved at most one runs), each enters the steps below through one function of their own |

In an async layer, a call that is not awaited is inlined only when returned, and
then only outside every \`try\` that could catch or finish before its promise
settles (a \`try\` block with a \`catch\` or \`finally\`, a \`catch\` with a
\`finally\`) and outside the scope of \`using\`: there, the runtime leaves the block
(runs the \`finally\`, disposes the resource, does not catch the rejection) while
the layers below are still running, which flat code cannot do. A plain
(non-async) function in an async layer is inlined only with its calls in return
position. In a sync layer, every one of these positions is inlined, \`try\`,
\`finally\` and \`using\` included: \`next()\` returns the response itself there.

### What a copy is, exactly

- **Its own scope, the user's names as written.** The body becomes a block, and
  every name of the layer's code is printed as the layer writes it: engine
  messages quote them (\`parse is not a function\`, \`Cannot access 'limit' before
  initialization\`) and a function's or class's \`.name\` is its own, so renaming
  one would change what the program can observe. Its \`let\`, \`const\`, classes,
  functions (the module is strict) and catch bindings are the block's: two copies
  of one layer may both keep \`start\`, the inner one shadowing the outer. Its
  module-level names become the generated module's imports, from the same
  modules, under the same names; globals stay as they are. The names the
  generated module introduces itself (the request and response variables, the
  holes' variables, exit labels, constants, runtime imports) are fresh against
  every name any copy declares or reads, so they never take one (labels of the
  layer may be renamed: they appear in no message). A copy is inlined only where
  its names, as written, capture nothing: no name it declares that is visible
  where the steps below run may be a name a copy below it reads from outside
  itself (a global, an import; \`Object\` and \`undefined\` of the generated code
  too); no other copy of the chain may declare or read the name of one of its
  \`var\`s (a \`var\` belongs to the whole flat function); and each of its
  module-level names must be importable under the name it writes (two modules'
  different \`log\`s cannot both be). Otherwise the layer is called, and the
  comment above the call names the local and what takes it.
- **The request.** The flat function's request is the same object the runtime
  passes to every layer; the layer's \`req\` (a name it reads, or a pattern,
  destructured where the call would) is bound to it at the copy's start, under
  its own name: \`let req = req$2;\`.
- **Returns.** \`return x\` becomes \`target = x\` and a \`break\` out of the copy's
  labelled block (no \`break\` for the last statement), so a \`try\`/\`finally\` of the
  layer encloses exactly what it enclosed, and \`finally\` runs, and can override,
  as it does for a \`return\`. A copy that falls off its end leaves \`undefined\`.
- **The call.** \`next(adds)\` becomes \`appChain.add(req, adds, k)\` (the
  runtime's \`next\` does the same: \`Object.assign\`, and with the guards on the
  guarded composer's BAD_ADDITIONS check), then the steps below, their response
  in a fresh variable that replaces the call: \`const res = await next()\` becomes
  \`let res$3;\`, the steps below (which may declare a \`res\` of their own), then
  \`const res = res$3;\`.
- **Promises handed up.** An async function settles a returned promise only once
  its body is done, and the runtime's \`await next()\` settles whatever the layers
  below hand up. Where a copy's reader needs its response settled (an inlined
  async layer above uses it directly): a returned value that may be a promise by
  its type (\`any\`, \`unknown\`, a type parameter, or a \`then\`) waits in a variable
  and is awaited after the copy's block, outside any \`try\` of the copy; any other
  value is settled there too when it is one (\`if (isThenable(res)) res = await
  res;\`, since a type can lie: a cast, a map filled through \`any\`), unless it is
  surely none (a primitive literal, \`new Response(…)\`, a \`const\` that an \`await\`
  initialized).
- **Sync and async.** The flat handler is an \`async function\` exactly when the
  runtime chain answers a promise (it has an async layer, or the code awaits); an
  all-sync chain is a plain function with no promise anywhere.

### Called layers, and the handler

A layer that is not inlined is run by \`runAsync\`, \`runSync\` (or, for a factory
typed with the top type \`Middleware\`, \`runEither\`) of \`shallot/generated\`: the
very functions the runtime composer runs every layer through (\`src/kernel.ts\`).
Its \`next()\` reaches a module-level function holding the rest of the chain, flat
again. So a called layer gets its own \`next\`, which throws \`NEXT_TWICE\` naming it
on a second call, a promise from it, and \`this\` undefined, as in the runtime. A
handler that is not inlined is called as the runtime calls it.

A called layer may run code of its own *alongside* the layers below: after
\`next()\` handed it a promise and before that promise settled (a \`finally\` or
\`using\` around \`return next()\`, work next to \`next()\` in \`Promise.all\`). Unless
codegen can read the layer and see that it waits for \`next()\` on every use,
the rest of the chain below it keeps a yield at every boundary where the runtime
chain awaits (the steps below an awaited \`next()\` run in an async function of
their own), so the layer's code meets the layers below exactly as far along as
in the runtime chain. The same holds below an inlined layer that starts
asynchronous work of its own before \`next()\` and goes on without waiting for it:
that work runs alongside the layers below, and they keep their yields. Detected,
in the layer's own code before its first \`next()\`: a call whose type has a
\`then\` and that is not awaited at once (\`void audit(req)\`, a promise it keeps,
\`send().catch(log)\`); a call of the global \`queueMicrotask\` or
\`process.nextTick\`; an async function literal passed as an argument
(\`ids.forEach(async (id) => …)\`); a function literal argument whose own code
(and so on through its own function literal arguments) makes a call detected so
(\`ids.map((id) => audit(id))\`). The last two do not count inside an awaited
expression (\`await Promise.all(ids.map(…))\`). Anything else (\`performance.now()\`,
\`req.headers.get(…)\`, \`ids.some((id) => id > 1)\`) is not work started. A cast
that hides a promise (\`audit as (…) => void\`) is not seen: past that work's
first wait, the order then follows microtask counts, as the next section says.

## The one difference: no microtask tick at an inlined boundary

Where the runtime chain awaits a promise between two layers, the flat handler
runs on. Every response, every error and the order of every effect the chain
makes are the same; what differs is only how many microtask ticks a request
takes. Code outside the chain that races it can tell: a \`queueMicrotask\` (or
\`.then\`) callback queued before the app was called, or a caller that does work
between calling the app and awaiting its answer, can run at another point
relative to the layers' after-code. Code a called layer (or an inlined layer's
unawaited work) runs alongside the layers below meets them as far along as in the runtime chain up to its first wait of
its own; past that, as in any concurrent JavaScript, the order depends on
microtask counts, which differ between the runtime chain with the guards on and
off too. The same goes for a \`then\` getter on an answer (a Proxy, a record of a
non-HTTP chain): every promise resolution reads it, so how often it is read
follows how many boundaries await (13 reads in the runtime chain with the guards
on, 4 with them off, 8 and 2 in the generated handler, for three layers over a
handler in \`test/codegen/review5/effects.test.ts\`). The differential tests
(\`npm run fuzz\`) compare everything else.

## An example

On the left, the seed chain of the fixture \`test/codegen/seed/\` (its layers come
from two modules); on the right, exactly what \`shallot codegen\` writes for it (the
fixture test compares them byte for byte). More shapes, with their output:
\`test/codegen/lean/\` (pass-through layers, an early \`return next()\`),
\`test/codegen/shapes/\` (called layers and their rest functions),
\`test/codegen/sync/\` (an all-sync chain), \`test/codegen/opaque/\` (a layer shipped
as JavaScript).

<table>
<tr>
${cell('app.ts and layers.ts (what you write)', `// layers.ts\n${read('layers.ts')}\n\n// app.ts\n${read('app.ts')}`)}
${cell('app.gen.ts (what shallot codegen writes)', read('app.gen.ts'))}
</tr>
</table>
`;
fs.writeFileSync(new URL('../docs/codegen.md', import.meta.url), page);
console.log('wrote docs/codegen.md');
