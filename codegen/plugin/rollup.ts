/**
 * `shallot/rollup`: shallot codegen inside Rollup (build and `rollup -w`). See unplugin.ts.
 *
 * @module
 */
import { unplugin, type ShallotPluginOptions } from './unplugin.js';

export type { ShallotPluginOptions } from './unplugin.js';

/**
 * The shallot plugin for Rollup (build and `rollup -w`): before the bundler reads them, writes the
 * flat `.gen.ts` module beside each module with exported chains (as
 * `shallot codegen` does), regenerates what a change feeds, and reports
 * problems in the chains at their file, line and column. Import your chains
 * from `./app.gen`. Needs ts-morph and unplugin (`npm i -D ts-morph unplugin`).
 *
 * @example
 * ```ts
 * // rollup.config.js
 * import shallot from 'shallot/rollup';
 *
 * export default { input: 'src/server.ts', plugins: [shallot()] };
 * ```
 */
const shallot: (options?: ShallotPluginOptions) => ReturnType<typeof unplugin.rollup> = unplugin.rollup;
export default shallot;
