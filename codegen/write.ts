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

/** The module on disk, or undefined when there is none (or it cannot be read). */
function onDisk(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function writeModule(output: GeneratedModule): WriteOutcome {
  if (onDisk(output.path) === output.text) return 'unchanged';
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
  const current = onDisk(output.path);
  if (current === undefined) return 'missing';
  return current === output.text ? undefined : 'stale';
}
