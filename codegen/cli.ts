#!/usr/bin/env node
/**
 * The `shallot` command: `shallot check` verifies every chain of a project,
 * `shallot codegen` also writes a flat handler beside each module with chains.
 * A small dispatcher over the stages: inspect -> verify -> generate -> write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { format as formatDiagnostic, inFile, type Diagnostic } from './diagnostics.js';
import { loadProject } from './inspect/project.js';
import { run, type RunResult } from './run.js';
import { ToolError } from './tool-error.js';
import { watchProject } from './watch.js';
import { staleness, writeModule } from './write.js';

const HELP = `Usage: shallot <command> [options]

Commands:
  check      verify every exported chain; print problems as file:line:col
  codegen    verify, then write a flat handler beside each module (app.ts -> app.gen.ts)

Options:
  -p, --project <file>   the project's tsconfig (default: tsconfig.json)
      --format <text|json>  how to print diagnostics (default: text)
      --check            codegen: write nothing; exit 1 when a generated file is missing or stale
      --watch            codegen: regenerate when a source file changes
      --no-inline        codegen: call every layer directly (for debugging)
  -h, --help             this help

Exit codes: 0 all is well, 1 problems in the chains (or stale files), 2 the command could not run.`;

interface Printer {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Runs the CLI with `argv` (without node and the script); returns the exit code. */
export function main(argv: readonly string[], io: Printer = { out: (l) => console.log(l), err: (l) => console.error(l) }, cwd = process.cwd()): number | Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        project: { type: 'string', short: 'p', default: 'tsconfig.json' },
        format: { type: 'string', default: 'text' },
        check: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        'no-inline': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.err(`shallot: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const command = positionals[0];
  if (command !== 'check' && command !== 'codegen') {
    io.err(`shallot: ${command === undefined ? 'no command given' : `unknown command '${command}'`}\n\n${HELP}`);
    return 2;
  }
  if (values.format !== 'text' && values.format !== 'json') {
    io.err(`shallot: --format must be text or json, got '${values.format}'`);
    return 2;
  }
  const json = values.format === 'json';
  const started = performance.now();
  try {
    const loaded = loadProject(path.resolve(cwd, values.project));
    const options = { inline: !values['no-inline'], verifyOnly: command === 'check' };
    const report = (result: RunResult, extra: Diagnostic[] = [], written: string[] = []): number => {
      const diagnostics = [...result.diagnostics, ...extra];
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const summary = `shallot ${command}: ${result.chains} chain${result.chains === 1 ? '' : 's'} in ${result.modules.length} module${result.modules.length === 1 ? '' : 's'}`;
      if (json) {
        io.out(JSON.stringify({ command, chains: result.chains, modules: result.modules.length, diagnostics: diagnostics.map((d) => ({ ...d, file: path.relative(cwd, d.file) })), written: written.map((f) => path.relative(cwd, f)), seconds: Number(seconds) }, null, 2));
      } else {
        for (const d of diagnostics) io.out(formatDiagnostic(d, cwd));
        for (const f of written) io.out(`wrote ${path.relative(cwd, f)}`);
        io.out(diagnostics.length === 0 ? `${summary}, no problems${command === 'codegen' && !values.check ? `, ${written.length} file${written.length === 1 ? '' : 's'} written` : ''} (${seconds} s)` : `${summary}: ${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} (${seconds} s)`);
      }
      return diagnostics.length === 0 ? 0 : 1;
    };
    // What each module's last run read, for --watch (inspect's record).
    const inputs = new Map<string, ReadonlySet<string>>();
    const once = (only?: ReadonlySet<string>): number => {
      const result = run(loaded, options, only);
      for (const module of result.modules) inputs.set(module.file.getFilePath(), module.inputs);
      if (command === 'check') return report(result);
      if (values.check) {
        const stale: Diagnostic[] = [];
        for (const output of result.outputs) {
          const state = staleness(output);
          if (state !== undefined) stale.push(inFile(output.path, 'stale', `the generated module is ${state}: run shallot codegen (its source is ${path.basename(output.source)})`));
        }
        return report(result, stale);
      }
      const written = result.outputs.filter((output) => writeModule(output) === 'written').map((o) => o.path);
      return report(result, [], written);
    };
    const first = once();
    if (!values.watch || command !== 'codegen') return first;
    return new Promise<number>((resolve) => {
      watchProject(loaded, {
        inputs: () => inputs,
        rebuild: (only) => {
          try {
            once(only);
          } catch (error) {
            io.err(`shallot: ${(error as Error).message}`);
          }
        },
        removed: (generated) => io.out(`removed ${path.relative(cwd, generated) || generated} (its source was deleted)`),
      }).then(
        (watching) => {
          // Ctrl-C (SIGINT) or SIGTERM is the normal end of --watch: stop watching, exit 0.
          const stop = (): void => {
            process.off('SIGINT', stop).off('SIGTERM', stop);
            void watching.close().then(() => resolve(0));
          };
          process.on('SIGINT', stop).on('SIGTERM', stop);
          io.out('watching for changes (Ctrl-C to stop)');
        },
        (error: unknown) => {
          io.err(`shallot: ${(error as Error).message}`);
          resolve(2);
        },
      );
    });
  } catch (error) {
    if (error instanceof ToolError) {
      io.err(`shallot: ${error.message}`);
      return error.exitCode;
    }
    throw error;
  }
}

/** Whether this module is the program (run as `shallot …`, through npm's bin link or not), not imported by a test. */
function invokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(fs.realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  Promise.resolve(main(process.argv.slice(2))).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`shallot: internal error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 2;
    },
  );
}
