// types/lookup.ts: the lookup index the checks read fields from (a snapshot every
// 16 steps plus the additions since). Its helpers as a table, then chains that
// cross snapshots: the checks and their messages must not change at a boundary.
import { expectError, expectType } from 'tsd';
import { chain, middleware, type Chain, type ContextOf, type Next } from 'shallot';
import type { NextAge, Overlaps, Reindex, Snapshot } from '../types/lookup.js';
import { adminOnly, auth, type User } from './fixtures.js';

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
type StateOf<C> = C extends Chain<infer S> ? S : never;

export type cases = [
  // A field is new unless the snapshot or the recent additions have it.
  Expect<Equal<Overlaps<{ a: 1 }, { b: 2 }, { c: 3 }>, false>>,
  Expect<Equal<Overlaps<{ a: 1 }, { b: 2 }, { a: 3 }>, true>>,
  Expect<Equal<Overlaps<{ a: 1 }, { b: 2 }, { b: 3; c: 3 }>, true>>,
  Expect<Equal<Overlaps<{ a: 1 }, {}, {}>, false>>,
  // The index is rebuilt every 16th step, and after a splice or an overwrite.
  Expect<Equal<Reindex<3, false, false>, false>>,
  Expect<Equal<Reindex<15, false, false>, true>>,
  Expect<Equal<Reindex<3, true, false>, true>>,
  Expect<Equal<Reindex<3, false, true>, true>>,
  Expect<Equal<NextAge<3, false>, 4>>,
  Expect<Equal<NextAge<15, true>, 0>>,
  // A snapshot keeps optional and readonly fields as they are.
  Expect<Equal<Snapshot<{ a: 1 } & { b?: 2 } & { readonly c: 3 }>, { a: 1; b?: 2; readonly c: 3 }>>,
];

/** A layer that adds `key: number`. */
const add = <const K extends string>(key: K) =>
  middleware(key, async (_req: {}, next: Next<{ [P in K]: number }>) => next({ [key]: 1 } as { [P in K]: number }));

// 20 layers: one snapshot (after the 16th) and four recent additions.
const long = chain<{ path: string; token: string }>()
  .use(add('a1')).use(add('a2')).use(add('a3')).use(add('a4')).use(add('a5'))
  .use(add('a6')).use(add('a7')).use(add('a8')).use(add('a9')).use(add('a10'))
  .use(add('a11')).use(add('a12')).use(add('a13')).use(add('a14')).use(add('a15'))
  .use(add('a16')).use(add('a17')).use(add('a18')).use(add('a19')).use(add('a20'));
export type longIndex = [
  Expect<Equal<StateOf<typeof long>['age'], 4>>,
  Expect<Equal<keyof StateOf<typeof long>['recent'], 'a17' | 'a18' | 'a19' | 'a20'>>,
  Expect<Equal<StateOf<typeof long>['flat']['a16'], number>>,
];

// Fields from the base, the snapshot and the recent additions are all found.
const reads = middleware('reads', async (_req: { path: string; a1: number; a16: number; a20: number }, next: Next) => next());
long.use(reads).handle((req) => {
  expectType<string>(req.path);
  expectType<number>(req.a1);
  expectType<number>(req.a20);
  return new Response(req.path);
});

// The checks give the same messages past a snapshot.
// error: middleware 'adminOnly' needs 'user', which neither the chain's Base nor an earlier middleware adds
expectError(long.use(adminOnly));
const wrong = middleware('wrong', async (_req: { a3: string }, next: Next) => next());
// error: middleware 'wrong' needs 'a3' of another type than the chain provides", [needs: string, provides: number]
expectError(long.use(wrong));
long.use(auth).use(adminOnly);

// An overwrite after a snapshot: the new type wins, for the checks and the handler.
const anon = middleware('anon', async (_req: {}, next: Next<{ user: User | null }>) => next({ user: null }));
const login = middleware('login', async (_req: {}, next: Next<{ user: User }>) => next({ user: { name: 'x', admin: false } }));
const anonymous = long.use(anon).use(add('b1'));
// error: middleware 'adminOnly' needs 'user' of another type than the chain provides", [needs: User, provides: User | null]
expectError(anonymous.use(adminOnly));
const known = anonymous.use(login);
known.use(adminOnly).handle((req) => new Response(req.user.name + String(req.a20 + req.b1)));
expectType<User>(null! as ContextOf<typeof known>['user']);
// ...and a wider type over a recent addition is not intersected away.
// error: middleware 'adminOnly' needs 'user' of another type than the chain provides", [needs: User, provides: User | null]
expectError(long.use(login).use(anon).use(adminOnly));

// Optional fields stay optional across a snapshot.
const maybe = middleware('maybe', async (_req: {}, next: Next<{ lang?: string }>) => next());
const wantsLang = middleware('wantsLang', async (_req: { lang?: string }, next: Next) => next());
const needsLang = middleware('needsLang', async (_req: { lang: string }, next: Next) => next());
const optional = chain<{ path: string }>().use(maybe)
  .use(add('a1')).use(add('a2')).use(add('a3')).use(add('a4')).use(add('a5'))
  .use(add('a6')).use(add('a7')).use(add('a8')).use(add('a9')).use(add('a10'))
  .use(add('a11')).use(add('a12')).use(add('a13')).use(add('a14')).use(add('a15'))
  .use(add('a16')).use(add('a17'));
optional.use(wantsLang).handle((req) => new Response(req.lang ?? req.path));
// error: middleware 'needsLang' needs 'lang' of another type than the chain provides", [needs: string, provides: string | undefined]
expectError(optional.use(needsLang));

// A sub-chain spliced after a snapshot: its additions are found by the next layers.
const signIn = chain<{ token: string }>().use(auth);
const signedIn = long.use(signIn);
signedIn.use(adminOnly).handle((req) => new Response(req.user.name + String(req.a20)));
export type splicedIndex = Expect<Equal<StateOf<typeof signedIn>['age'], 0>>;

// A base field read 40 layers down, through two snapshots.
const deep = long
  .use(add('c1')).use(add('c2')).use(add('c3')).use(add('c4')).use(add('c5'))
  .use(add('c6')).use(add('c7')).use(add('c8')).use(add('c9')).use(add('c10'))
  .use(add('c11')).use(add('c12')).use(add('c13')).use(add('c14')).use(add('c15'))
  .use(add('c16')).use(add('c17')).use(add('c18')).use(add('c19')).use(add('c20'));
const needsToken = middleware('needsToken', async (req: { token: string; a1: number; c20: number }, next: Next) => next());
deep.use(needsToken).handle((req) => new Response(req.token + String(req.a1 + req.c20)));
