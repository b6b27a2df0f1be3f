// Runs a TypeScript compiler over a tsconfig and returns its diagnostics in one
// shape: { file, line, code, text } (line 1-based, text flattened with newlines).
// TS 5.9 (tsd's bundled copy) and TS 6 through their APIs; TS 7 (native, no JS
// API) through its `tsc` and its plain-text output.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

export const compilers = [
  { name: 'TS 5.9 (tsd)', api: () => require('@tsd/typescript') },
  { name: 'TS 6', api: () => require('typescript') },
  { name: 'TS 7', bin: resolve(root, 'node_modules/typescript-7/bin/tsc') },
];

export function diagnose(compiler, tsconfig) {
  return compiler.api ? viaApi(compiler.api(), tsconfig) : viaCli(compiler.bin, tsconfig);
}

function viaApi(ts, tsconfig) {
  const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } };
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, host);
  if (config.errors.length) throw new Error(config.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n'));
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file ? resolve(d.file.fileName) : tsconfig,
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    code: d.code,
    text: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

function viaCli(bin, tsconfig) {
  let out = '';
  try {
    out = execFileSync(process.execPath, [bin, '-p', tsconfig, '--pretty', 'false'], { encoding: 'utf8', cwd: dirname(tsconfig) });
  } catch (error) {
    out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (!out.trim()) throw error;
  }
  const diagnostics = [];
  for (const raw of out.split('\n')) {
    const head = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(raw);
    const global = /^error TS(\d+): (.*)$/.exec(raw);
    if (head) diagnostics.push({ file: resolve(dirname(tsconfig), head[1]), line: Number(head[2]), code: Number(head[4]), text: head[5] });
    else if (global) diagnostics.push({ file: tsconfig, line: 0, code: Number(global[1]), text: global[2] });
    else if (raw.startsWith('  ') && diagnostics.length) diagnostics.at(-1).text += `\n${raw.trim()}`;
  }
  return diagnostics;
}
