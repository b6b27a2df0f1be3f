/**
 * The tools that only some suites need, installed apart from the project's own
 * devDependencies (`.ci/extras`, by `npm run setup:extras`) so that a
 * contributor's `npm install` stays small. Not a test file itself.
 *
 * A suite that needs one runs wherever it is installed. Where it is not, the
 * suite is skipped with a line saying how to install it, except in CI (`CI`
 * set, as `.ci/run` runs), where it runs and fails naming what is missing.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const modules = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), '.ci/extras/node_modules');

export const extras = {
  bun: join(modules, '@oven/bun-linux-x64/bin/bun'),
  deno: join(modules, '@deno/linux-x64-glibc/deno'),
  workerd: join(modules, '@cloudflare/workerd-linux-64/bin/workerd'),
  /** Node at the floors of package.json's `engines`. */
  'node 20.19': join(modules, 'node-20.19/bin/node'),
  'node 22.12': join(modules, 'node-22.12/bin/node'),
  attw: join(modules, '@arethetypeswrong/cli/dist/index.js'),
} as const;

export type Extra = keyof typeof extras;

/** True when a suite needing `tools` should be skipped here (not installed, not CI); says so once. */
export function skipWithout(...tools: Extra[]): boolean {
  const missing = tools.filter((tool) => !existsSync(extras[tool]));
  if (missing.length === 0 || process.env.CI) return false;
  console.warn(`skipped: needs ${missing.join(', ')}; run \`npm run setup:extras\` to install (CI always runs it)`);
  return true;
}

/** Throws, naming it, when `tool` is not installed (what a suite that runs in CI without it should do). */
export function need(tool: Extra): string {
  if (!existsSync(extras[tool])) throw new Error(`${tool} is missing: ${extras[tool]} (run \`npm run setup:extras\`, which .ci/run does)`);
  return extras[tool];
}
