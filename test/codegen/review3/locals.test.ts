/** Review 3 probes: declarations inside a layer that a copy must rename consistently: enums whose members refer to each other, classes, namespaces of names. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('local declarations of a layer used twice', () => {
  // Fixed, was a bug (wrong answer: ReferenceError where the runtime answers): the second copy renames the enum to Bits$2 and the bare
  // member references inside its initialisers (`Write = Read << 1`) to Read$2/Write$2, but not the member names themselves
  // (bindings.ts isReference() skips an EnumMember's name, while scanBindings() treats the member symbols as locals and
  // copy.ts renames their uses): "Read$2 is not defined". One copy suffices when a member is named like a taken name (a
  // global the copies use, e.g. `enum Level { Error = 1, Fatal = Error + 1 }`).
  it('an enum declared in the layer, a member initialised from an earlier member by its bare name', async () => {
    await same('r3-local-enum', {
      'app.ts': `${header}${R}
const flags = middleware('flags', async (req: R, next: Next) => {
  enum Bits {
    Read = 1,
    Write = Read << 1,
    All = Read | Write,
  }
  req.log.push('bits ' + Bits.Write + ' ' + Bits.All + ' ' + Bits[req.n % 2 === 0 ? Bits.Read : Bits.Write]);
  return next();
});
export const app = chain<R>().use(flags).use(flags)${handler};
`,
    });
  });

  // BUG: the same with one copy: the member `Error` is named like a global another copy uses (the handler's `new Error`).
  it('an enum member named Error, initialising the next member, in a chain whose handler throws new Error', async () => {
    await same('r3-local-enum-global', {
      'app.ts': `${header}${R}
const level = middleware('level', async (req: R, next: Next) => {
  enum Level {
    Error = 1,
    Fatal = Error + 1,
  }
  req.log.push('fatal ' + Level.Fatal);
  return next();
});
export const app = chain<R>().use(level).handle((req) => {
  if (req.n === 3) throw new Error('three');
  return new Response('n=' + req.n);
});
`,
    });
  });

  // Fixed, was a bug (silent wrong answer): a constructor parameter property's name is also the property's name, but copy.ts renames it
  // like any local parameter: the second copy prints `constructor(public label$3: string, private readonly start$2: number)`,
  // so `span.label` is undefined and `this.start >= 0` false. Runtime log "span n0:true n0"; generated
  // "span undefined:false undefined". See the next probe for one copy.
  it('a class with parameter properties declared in a layer used twice', async () => {
    await same('r3-local-parameter-properties', {
      'app.ts': `${header}${R}
const timed = middleware('timed', async (req: R, next: Next) => {
  class Span {
    constructor(public label: string, private readonly start: number) {}
    end(): string {
      return this.label + ':' + (this.start >= 0);
    }
  }
  const label = 'n' + req.n;
  const span = new Span(label, 0);
  const res = await next();
  req.log.push('span ' + span.end() + ' ' + span.label);
  return res;
});
export const app = chain<R>().use(timed).use(timed)${handler};
`,
    });
  });

  // Fixed, was a bug (silent wrong answer, one copy): a local named like the parameter property, declared before the class, takes the
  // name first; the class's parameter becomes `public label$2` and the instance has no `label`.
  it('a parameter property named like a local declared before the class (one copy)', async () => {
    await same('r3-local-parameter-property-one', {
      'app.ts': `${header}${R}
const tagged = middleware('tagged', async (req: R, next: Next) => {
  const label = 'n' + req.n;
  class Tag {
    constructor(public label: string) {}
  }
  const res = await next();
  res.headers.set('x-tag', String(new Tag(label).label));
  return res;
});
export const app = chain<R>().use(tagged)${handler};
`,
    });
  });

  // Fixed, was a bug (silent wrong answer): renaming a local function or class changes its `.name` (and `constructor.name`,
  // `new.target.name`), which code reads: the second copy of this layer logs 'step$2 0' where the runtime logs 'step 0'
  // (a class renamed TooBig$2 would answer its name the same way). copy.ts renames every local; a function's or class's
  // name is observable (also through Function.prototype.toString and stack traces).
  it('the .name of a local function and of a local class (new.target.name), in a layer used twice', async () => {
    await same('r3-local-function-names', {
      'app.ts': `${header}${R}
const named = middleware('named', async (req: R, next: Next) => {
  class TooBig {
    readonly name: string;
    constructor() {
      this.name = new.target.name;
    }
  }
  const step = () => req.n;
  req.log.push(step.name + ' ' + step());
  if (req.n > 4) return new Response(new TooBig().name, { status: 413 });
  return next();
});
export const app = chain<R>().use(named).use(named)${handler};
`,
    });
  });
});
