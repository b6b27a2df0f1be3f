/**
 * Write: each generated module goes to disk only when its content changed,
 * through a temporary file beside it and a rename, so a reader never sees a
 * half-written module and a failed write leaves the old one in place.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GeneratedModule } from './generate/index.js';
import { ToolError } from './tool-error.js';

export type WriteOutcome = 'written' | 'unchanged';

export function writeModule(output: GeneratedModule): WriteOutcome {
  let current: string | undefined;
  try {
    current = fs.readFileSync(output.path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === output.text) return 'unchanged';
  const temp = path.join(path.dirname(output.path), `.${path.basename(output.path)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temp, output.text, { flag: 'wx' });
    fs.renameSync(temp, output.path);
  } catch (error) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // the temporary file was never made
    }
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ToolError(`${output.path}: cannot write the generated module (${reason}); the previous file, if any, is unchanged`, 2);
  }
  return 'written';
}

/** For `--check`: whether the file on disk is missing or differs from what would be generated. */
export function staleness(output: GeneratedModule): 'missing' | 'stale' | undefined {
  let current: string;
  try {
    current = fs.readFileSync(output.path, 'utf8');
  } catch {
    return 'missing';
  }
  return current === output.text ? undefined : 'stale';
}
