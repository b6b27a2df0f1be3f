#!/usr/bin/env node
/**
 * The `shallot` command: `shallot check` verifies every chain of a project,
 * `shallot codegen` also writes a flat handler beside each module with chains.
 * A small dispatcher over the stages: inspect -> verify -> generate -> write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
// Only modules that need no ts-morph, statically: the rest is ./engine.js, imported once a command runs.
import { format as formatDiagnostic, inFile, type Diagnostic } from './diagnostics.js';
import { sourcePathOf } from './paths.js';
import { ToolError } from './tool-error.js';

const HELP = `Usage: shallot <command> [options]

Commands:
  check      verify every exported chain; print problems as file:line:col
  codegen    verify, then write a flat handler beside each module (app.ts -> app.gen.ts)

Options:
  -p, --project <file>   the project's tsconfig (default: tsconfig.json); a solution's references are followed
      --format <text|json|github>  how to print diagnostics (default: text; github: GitHub Actions annotations)
      --check            codegen: write nothing; exit 1 when a generated file is missing or stale
      --watch            codegen: regenerate when a source file changes
      --no-inline        codegen: call every layer directly (for debugging)
  -v, --version          the version of shallot
  -h, --help             this help

check and codegen need ts-morph (npm i -D ts-morph), and --watch chokidar (npm i -D chokidar).
Exit codes: 0 all is well, 1 problems in the chains (or stale files, or no chain found), 2 the command could not run.`;

interface Printer {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The version in shallot's package.json (found from this module, in the sources or in dist). */
function version(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'shallot' && pkg.version !== undefined) return pkg.version;
    } catch {
      // no package.json here
    }
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

/** Whether `error` says that the package `name` itself (not a file inside it) cannot be found. */
const notFound = (error: unknown, name: string): boolean => {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((error as Error).message).includes(`'${name}'`);
};

/** Of the optional peer packages `names`, those that cannot be imported. */
async function missing(names: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const name of names) {
    try {
      await import(name);
    } catch (error) {
      if (!notFound(error, name)) throw error;
      out.push(name);
    }
  }
  return out;
}

/** GitHub Actions workflow commands: `%`, CR and LF escaped in the message, `:` and `,` too in a property. */
const escapeData = (text: string): string => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (text: string): string => escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** One diagnostic as a GitHub Actions error annotation, placed at its file, line and column. */
const annotation = (d: Diagnostic, cwd: string): string =>
  `::error file=${escapeProperty(path.relative(cwd, d.file) || d.file)},line=${d.line},col=${d.column},title=${escapeProperty(`shallot ${d.code}`)}::${escapeData(d.message)}`;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Why a generated module is left over (run.ts `orphans`): its source has no chain now, or is gone. */
function whyOrphan(generated: string): string {
  const source = sourcePathOf(generated);
  return fs.existsSync(source) ? `its source ${path.basename(source)} exports no chain now` : `its source ${path.basename(source)} is gone`;
}

/** Runs the CLI with `argv` (without node and the script); resolves to the exit code. */
export async function main(argv: readonly string[], io: Printer = { out: (l) => console.log(l), err: (l) => console.error(l) }, cwd = process.cwd()): Promise<number> {
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
        version: { type: 'boolean', short: 'v', default: false },
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
  if (values.version) {
    io.out(version());
    return 0;
  }
  const command = positionals[0];
  if (command !== 'check' && command !== 'codegen') {
    io.err(`shallot: ${command === undefined ? 'no command given' : `unknown command '${command}'`}\n\n${HELP}`);
    return 2;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'github') {
    io.err(`shallot: --format must be text, json or github, got '${format}'`);
    return 2;
  }
  const watch = values.watch && command === 'codegen';
  const absent = await missing(watch ? ['ts-morph', 'chokidar'] : ['ts-morph']);
  if (absent.length > 0) {
    io.err(`shallot: ${command}${watch ? ' --watch' : ''} needs ${absent.join(' and ')}, which ${absent.length === 1 ? 'is' : 'are'} not installed: npm i -D ${absent.join(' ')}`);
    return 2;
  }
  const engine = await import('./engine.js');
  // When this run began: the command's start, then each rebuild's (--watch reports each run's own time).
  let started = performance.now();
  try {
    const tsconfig = path.resolve(cwd, values.project);
    const projects = engine.loadProjects(tsconfig);
    const options = { inline: !values['no-inline'], verifyOnly: command === 'check' };
    const report = (result: import('./engine.js').RunResult, extra: Diagnostic[] = [], written: string[] = [], removed: readonly string[] = []): number => {
      const diagnostics = [...result.diagnostics, ...extra];
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const where = projects.length > 1 ? ` (${plural(projects.length, 'project')})` : '';
      const summary = `shallot ${command}: ${plural(result.chains, 'chain')} in ${plural(result.modules.length, 'module')}${where}`;
      if (format === 'json') {
        // Under --watch, one object per line (JSON Lines): a reader takes each run's report as a line comes.
        io.out(JSON.stringify({ command, chains: result.chains, modules: result.modules.length, projects: projects.map((p) => path.relative(cwd, p.configFile)), diagnostics: diagnostics.map((d) => ({ ...d, file: path.relative(cwd, d.file) })), written: written.map((f) => path.relative(cwd, f)), removed: removed.map((f) => path.relative(cwd, f)), seconds: Number(seconds) }, null, watch ? undefined : 2));
      } else {
        for (const d of diagnostics) io.out(format === 'github' ? annotation(d, cwd) : formatDiagnostic(d, cwd));
        for (const f of written) io.out(`wrote ${path.relative(cwd, f)}`);
        for (const f of removed) io.out(`removed ${path.relative(cwd, f)} (${whyOrphan(f)})`);
        io.out(diagnostics.length === 0 ? `${summary}, no problems${command === 'codegen' && !values.check ? `, ${plural(written.length, 'file')} written` : ''} (${seconds} s)` : `${summary}: ${plural(diagnostics.length, 'problem')} (${seconds} s)`);
      }
      return diagnostics.length === 0 ? 0 : 1;
    };
    // What each module's last run read, for --watch (inspect's record).
    const inputs = new Map<string, ReadonlySet<string>>();
    const once = (only?: ReadonlySet<string>): number => {
      const result = engine.runProjects(projects, options, only);
      for (const module of result.modules) inputs.set(module.file.getFilePath(), module.inputs);
      // A run over everything that found nothing says why, file by file: never a silent pass.
      const none = only === undefined && result.chains === 0 ? engine.whyNoChains(projects, tsconfig) : [];
      if (command === 'check') return report(result, none);
      if (values.check) {
        const stale: Diagnostic[] = [];
        for (const output of result.outputs) {
          const state = engine.staleness(output);
          if (state !== undefined) stale.push(inFile(output.path, 'stale', `the generated module is ${state}: run shallot codegen (its source is ${path.basename(output.source)})`));
        }
        for (const orphan of result.orphans) stale.push(inFile(orphan, 'stale', `the generated module is left over: ${whyOrphan(orphan)}; run shallot codegen, which removes it`));
        return report(result, [...none, ...stale]);
      }
      const written = result.outputs.filter((output) => engine.writeModule(output) === 'written').map((o) => o.path);
      for (const orphan of result.orphans) engine.removeOrphan(orphan);
      return report(result, none, written, result.orphans);
    };
    const first = once();
    if (!watch) return first;
    return await new Promise<number>((resolve) => {
      engine.watchProject(projects, {
        inputs: () => inputs,
        rebuild: (only) => {
          started = performance.now();
          try {
            once(only);
          } catch (error) {
            const message = (error as Error).message;
            if (format === 'json') io.out(JSON.stringify({ event: 'error', message }));
            else io.err(`shallot: ${message}`);
          }
        },
        removed: (generated) => {
          const file = path.relative(cwd, generated) || generated;
          io.out(format === 'json' ? JSON.stringify({ event: 'removed', removed: [file], reason: 'its source was deleted' }) : `removed ${file} (its source was deleted)`);
        },
      }).then(
        (watching) => {
          // Ctrl-C (SIGINT) or SIGTERM is the normal end of --watch: stop watching, exit 0.
          const stop = (): void => {
            process.off('SIGINT', stop).off('SIGTERM', stop);
            void watching.close().then(() => resolve(0));
          };
          process.on('SIGINT', stop).on('SIGTERM', stop);
          io.out(format === 'json' ? JSON.stringify({ event: 'watching' }) : 'watching for changes (Ctrl-C to stop)');
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
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`shallot: internal error: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = 2;
    },
  );
}
