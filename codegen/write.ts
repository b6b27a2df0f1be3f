/**
 * Write: each generated module goes to disk only when its content changed,
 * through a temporary file beside it and a rename, so a reader never sees a
 * half-written module and a failed write leaves the old one in place.
 * "Changed" is what compare.ts says: a file a formatter went over is not
 * rewritten (and not stale to `--check`) while its code and comments are what
 * codegen would write; a hand edit is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sameModule } from './compare.js';
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
  const current = onDisk(output.path);
  if (current !== undefined && sameModule(current, output.text, output.path)) return 'unchanged';
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

/** For `--check`: whether the file on disk is missing or differs, beyond formatting, from what would be generated. */
export function staleness(output: GeneratedModule): 'missing' | 'stale' | undefined {
  const current = onDisk(output.path);
  if (current === undefined) return 'missing';
  return sameModule(current, output.text, output.path) ? undefined : 'stale';
}

/** Removes a generated module whose source no longer gets one (run.ts `orphans`); a file already gone is no error. */
export function removeOrphan(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch (error) {
    throw new ToolError(`${file}: cannot remove this generated module, whose source exports no chain now (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 2);
  }
}
