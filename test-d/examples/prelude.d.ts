// The names TSDoc examples use without importing them, as globals, for
// scripts/tsdoc-examples.mjs: the package's own exports, and the layers, users and
// apps the examples talk about. An example that imports a name shadows these.
import type * as Http from 'node:http';
import type * as Shallot from 'shallot';
import type * as ShallotHttp from 'shallot/http';
import type * as ShallotNode from 'shallot/node';
import type * as ShallotGenerated from 'shallot/generated';
import type * as ShallotExpress from 'shallot/express';
import type * as ShallotFastify from 'shallot/fastify';
import type * as ShallotHono from 'shallot/hono';
import type * as ShallotKoa from 'shallot/koa';
import type { Router } from 'express';
import type { FastifyInstance } from 'fastify';

declare global {
  // shallot
  const chain: typeof Shallot.chain;
  const middleware: typeof Shallot.middleware;
  const ShallotError: typeof Shallot.ShallotError;
  type ShallotError = Shallot.ShallotError;
  type ShallotErrorCode = Shallot.ShallotErrorCode;
  type HttpContext = ShallotHttp.HttpContext;
  type Next<Adds extends object = {}, Res = Response> = Shallot.Next<Adds, Res>;
  type NextSync<Adds extends object = {}, Res = Response> = Shallot.NextSync<Adds, Res>;
  type Middleware<$ extends Shallot.LayerTypes = Shallot.LayerTypes> = Shallot.Middleware<$>;
  type App<Req = never, Res = unknown, Ctx = unknown, Result = Res | Promise<Res>> = Shallot.App<Req, Res, Ctx, Result>;
  type AppTypesOf<A> = Shallot.AppTypesOf<A>;
  type LayerInfo = Shallot.LayerInfo;
  type ResponseTest = Shallot.ResponseTest;
  type Passed<Res> = Shallot.Passed<Res>;
  type RequestOf<A> = Shallot.RequestOf<A>;
  type ResponseOf<A> = Shallot.ResponseOf<A>;
  type NeedsOf<M> = Shallot.NeedsOf<M>;
  type AddsOf<M> = Shallot.AddsOf<M>;
  type ContextOf<C> = Shallot.ContextOf<C>;

  // shallot/http
  const cors: typeof ShallotHttp.cors;
  const errorBoundary: typeof ShallotHttp.errorBoundary;
  const logger: typeof ShallotHttp.logger;
  const requestId: typeof ShallotHttp.requestId;
  const setHeader: typeof ShallotHttp.setHeader;
  const timing: typeof ShallotHttp.timing;
  const toFetchHandler: typeof ShallotHttp.toFetchHandler;
  type CorsLayer = ShallotHttp.CorsLayer;
  type ErrorBoundaryLayer = ShallotHttp.ErrorBoundaryLayer;
  type LoggerLayer = ShallotHttp.LoggerLayer;
  type RequestIdLayer = ShallotHttp.RequestIdLayer;
  type SetHeaderLayer<Name extends string> = ShallotHttp.SetHeaderLayer<Name>;
  type TimingLayer = ShallotHttp.TimingLayer;

  // shallot/node
  const serve: typeof ShallotNode.serve;
  const toNodeListener: typeof ShallotNode.toNodeListener;
  type Served = ShallotNode.Served;
  const createServer: typeof Http.createServer;

  // shallot/generated, and the names a generated module's code gives its chain's parts
  const runAsync: typeof ShallotGenerated.runAsync;
  const runSync: typeof ShallotGenerated.runSync;
  const runEither: typeof ShallotGenerated.runEither;
  const expectChain: typeof ShallotGenerated.expectChain;
  const flatApp: typeof ShallotGenerated.flatApp;
  type SourceChain = ShallotGenerated.SourceChain;
  /** The source chain's app, its description as the generated module checked it, and the flat handler. */
  const appSource: typeof app;
  const appChain: ShallotGenerated.SourceChain;
  const appFlat: (req: ShallotHttp.HttpContext) => Promise<Response>;
  /** The rest of the chain below a called layer. */
  const appAfterTag: (req: object) => unknown;
  const appAfterStamp: (req: object) => unknown;
  const appAfterRateLimit: (req: object) => unknown;
  /** The response a generated handler is building. */
  var res: unknown;

  // the mount adapters, and the hosts they mount into
  const toExpress: typeof ShallotExpress.toExpress;
  type ExpressHandler = ShallotExpress.ExpressHandler;
  const toFastify: typeof ShallotFastify.toFastify;
  type FastifyHandler = ShallotFastify.FastifyHandler;
  const toHono: typeof ShallotHono.toHono;
  type HonoMountable<$X> = ShallotHono.HonoMountable<$X>;
  const toKoa: typeof ShallotKoa.toKoa;
  type KoaMountable<$X> = ShallotKoa.KoaMountable<$X>;
  const router: Router;
  const fastify: FastifyInstance;

  // What the examples talk about.
  interface User {
    name: string;
    admin: boolean;
  }
  /** Adds `user`; needs `token`. */
  const auth: Shallot.Middleware<{ name: 'auth'; needs: { token: string }; adds: { user: User }; inner: Response; out: Shallot.Passed<Response>; sync: false }>;
  /** Needs `user`; may answer 403 itself. */
  const adminOnly: Shallot.Middleware<{ name: 'adminOnly'; needs: { user: User }; adds: {}; inner: Response; out: Response | Shallot.Passed<Response>; sync: false }>;
  /** Needs `path`; transparent. */
  const logging: Shallot.Middleware<{ name: 'logging'; needs: { path: string }; adds: {}; inner: Response; out: Shallot.Passed<Response>; sync: false }>;
  /** A synchronous, transparent layer. */
  const header: Shallot.Middleware<{ name: 'header'; needs: {}; adds: {}; inner: Response; out: Shallot.Passed<Response>; sync: true }>;
  /** An app over the HTTP context. */
  const app: Shallot.App<ShallotHttp.HttpContext, Response, ShallotHttp.HttpContext, Promise<Response>>;
  /** A request for `app`. */
  const req: ShallotHttp.HttpContext;
  /** A user of the examples. */
  const user: User;
  const lookUp: (token: string) => Promise<User>;
  const find: (token: string) => User;
  const report: (error: unknown) => void;
}
