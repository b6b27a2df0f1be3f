/**
 * `shallot/esbuild`: shallot codegen inside esbuild (builds, and each rebuild of a context). See unplugin.ts.
 *
 * @module
 */
import { unplugin, type ShallotPluginOptions } from './unplugin.js';

export type { ShallotPluginOptions } from './unplugin.js';

/**
 * The shallot plugin for esbuild (builds, and each rebuild of a context): before the bundler reads them, writes the
 * flat `.gen.ts` module beside each module with exported chains (as
 * `shallot codegen` does), regenerates what a change feeds, and reports
 * problems in the chains at their file, line and column. Import your chains
 * from `./app.gen`. Needs ts-morph and unplugin (`npm i -D ts-morph unplugin`).
 *
 * @example
 * ```ts
 * // build.mjs
 * import { build } from 'esbuild';
 * import shallot from 'shallot/esbuild';
 *
 * await build({ entryPoints: ['src/server.ts'], bundle: true, platform: 'node', plugins: [shallot()] });
 * ```
 */
const shallot: (options?: ShallotPluginOptions) => ReturnType<typeof unplugin.esbuild> = unplugin.esbuild;
export default shallot;
