/**
 * `shallot/vite`: shallot codegen inside Vite (dev server and build). See unplugin.ts.
 *
 * @module
 */
import { unplugin, type ShallotPluginOptions } from './unplugin.js';

export type { ShallotPluginOptions } from './unplugin.js';

/**
 * The shallot plugin for Vite (dev server and build): before the bundler reads them, writes the
 * flat `.gen.ts` module beside each module with exported chains (as
 * `shallot codegen` does), regenerates what a change feeds, and reports
 * problems in the chains at their file, line and column. Import your chains
 * from `./app.gen`. Needs ts-morph and unplugin (`npm i -D ts-morph unplugin`).
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import shallot from 'shallot/vite';
 *
 * export default defineConfig({ plugins: [shallot()] });
 * ```
 */
const shallot: (options?: ShallotPluginOptions) => ReturnType<typeof unplugin.vite> = unplugin.vite;
export default shallot;
