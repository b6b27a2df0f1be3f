/**
 * Prints a chain plan (plan.ts) as module-level source text: no decisions,
 * only concatenation. A step prints its comment, then its code: an inlined
 * copy's parts with the steps below at its hole, a called layer's call into
 * the kernel, the handler's call.
 */
import { isHole } from './edits.js';
import type { ChainPlan, FlatFunction, Step } from './plan.js';

function printStep(step: Step): string {
  switch (step.kind) {
    case 'inline':
      return `${step.comment}\n${step.parts.map((part) => (isHole(part) ? printStep(step.inner[part.hole]!) : part)).join('')}\n${step.guard}`;
    case 'call':
      return `${step.comment}\n${step.target} = ${step.awaited ? 'await ' : ''}${step.runner}(${step.layer}, ${step.req}, ${step.rest});${step.settle}`;
    case 'handler':
      return `${step.comment}\n${step.target} = ${step.handler}(${step.req});\n${step.guard}`;
    case 'enter':
      return `${step.comment}\n${step.target} = ${step.awaited ? 'await ' : ''}${step.rest}(${step.req});`;
    case 'parts': {
      const { parts, state, below, error, req, exit } = step;
      // Its fail throws, or answers in place of its leave (errorBoundary): then the block is left with that answer.
      return [
        step.comment,
        `${exit}: {`,
        `const ${state} = ${parts}.enter(${req});`,
        `${step.add}(${req}, ${parts}.adds(${state}), ${step.index});`,
        `let ${below};`,
        'try {',
        printStep(step.inner),
        `} catch (${error}) {`,
        `${step.target} = ${parts}.fail(${state}, ${error}, ${req});`,
        `break ${exit};`,
        '}',
        `${step.target} = ${parts}.leave(${state}, ${below}, ${req});`,
        '}',
        step.guard,
      ].join('\n');
    }
  }
}

/** One function of the module; `context` is the type of its request. An unread request is `_`-prefixed, as unused parameters are (unless its body names that too). */
function printFunction(fn: FlatFunction, context: string): string {
  const body = printStep(fn.body);
  const names = (name: string): boolean => new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).test(body);
  const param = names(fn.req) || names(`_${fn.req}`) ? fn.req : `_${fn.req}`;
  return [`/** ${fn.comment} */`, `${fn.async ? 'async ' : ''}function ${fn.name}(${param}: ${context}) {`, `let ${fn.result};`, body, `return ${fn.result};`, '}'].join('\n');
}

/** The declarations of one chain: its load-time check, its constants, its functions. */
export function printChain(plan: ChainPlan, context: string, expectChain: string): string {
  const { chain } = plan;
  const planned = `[${plan.planned.map(([name, sync, made]) => `[${name === null ? 'null' : JSON.stringify(name)}, ${sync === null ? 'null' : String(sync)}${made === undefined ? '' : `, ${JSON.stringify(made)}`}]`).join(', ')}]`;
  const lines = [
    `/** The chain '${chain.name}' as it was generated from: checked when this module loads. */`,
    `const ${plan.checked} = ${expectChain}(${plan.source}, ${JSON.stringify(chain.name)}, ${JSON.stringify(chain.file.getBaseName())}, ${planned});`,
  ];
  for (const c of plan.constants) lines.push(`/** ${c.comment} */`, `const ${c.name} = ${c.value};`);
  lines.push('', printFunction(plan.flat, context));
  for (const rest of plan.rests) lines.push('', printFunction(rest, context));
  return lines.join('\n');
}
