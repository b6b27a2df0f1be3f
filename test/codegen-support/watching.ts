/**
 * `shallot codegen --watch` (the built CLI, dist/codegen/cli.js) in its own
 * process, for the tests of the watcher: its output as lines, and waits for a
 * line, a JSON report or a state of the files. Each wait is for an event and
 * fails with the output so far; the time limits only guard against a hang.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

const cli = path.resolve('dist/codegen/cli.js');
const GUARD_MS = 60_000;

export class Watching {
  /** Every watcher started and not yet ended (for an afterEach that kills what a failed test left). */
  static readonly running = new Set<Watching>();

  /** Lines of standard output and standard error, as they came. */
  readonly lines: string[] = [];
  /** Lines of standard output alone. */
  readonly stdout: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  #seen = 0;
  #waiters: Array<() => void> = [];

  /** Watches the project of `dir/tsconfig.json`, with `flags` (such as `--format`, `json`) before `-p`. */
  constructor(dir: string, ...flags: string[]) {
    this.#child = spawn(process.execPath, [cli, 'codegen', '--watch', ...flags, '-p', path.join(dir, 'tsconfig.json')], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.#child.stdout!, this.#child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        if (stream === this.#child.stdout) this.stdout.push(line);
        for (const wake of this.#waiters.splice(0)) wake();
      });
    }
    this.exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => resolve({ code, signal })));
    Watching.running.add(this);
    void this.exited.then(() => Watching.running.delete(this));
  }

  /** Resolves with the first line after the last one matched that matches `pattern`. */
  next(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error(`no line matching ${pattern} in:\n${this.lines.join('\n')}`)), GUARD_MS);
      const look = (): void => {
        for (; this.#seen < this.lines.length; this.#seen++) {
          if (pattern.test(this.lines[this.#seen]!)) {
            clearTimeout(guard);
            resolve(this.lines[this.#seen++]!);
            return;
          }
        }
        this.#waiters.push(look);
      };
      look();
    });
  }

  /** Standard output's line `index` (from 0), once it came, parsed as JSON (`--format json`). */
  async json(index: number): Promise<Record<string, unknown>> {
    await this.until(() => this.stdout.length > index, GUARD_MS, `no line ${index}`);
    return JSON.parse(this.stdout[index]!) as Record<string, unknown>;
  }

  /** Resolves once `probe()` holds, looked at every 100 ms. */
  async until(probe: () => boolean, ms = 20_000, what = 'timed out'): Promise<void> {
    const deadline = Date.now() + ms;
    while (!probe()) {
      if (Date.now() > deadline) throw new Error(`${what}; lines:\n${this.lines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits `ms`: for what should not happen (a second write) to have had its chance. */
  async settle(ms = 1500): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
  }

  /** The lines (either stream) that are not one JSON value each: none, under `--format json`. */
  nonJson(): string[] {
    return this.lines.filter((line) => {
      try {
        JSON.parse(line);
        return false;
      } catch {
        return true;
      }
    });
  }

  signal(name: NodeJS.Signals): void {
    this.#child.kill(name);
  }

  /** Ends the watcher with SIGTERM and resolves once it exited. */
  async stop(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGTERM');
    await this.exited;
  }
}
