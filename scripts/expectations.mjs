// Reads the expectation comments of a test file and compares them with what a
// compiler reported. Each comment expects a diagnostic on the next line of code:
//   // error: TEXT          the line fails, and one of its diagnostics contains TEXT
//   // leads: TEXT          ...and TEXT starts within the first LEAD characters of
//                           that diagnostic's first line (the message comes first)
//   // error[TS 7]: TEXT    either, on the named compilers only (comma-separated;
//                           `TS 5.9` matches `TS 5.9 (tsd)`)
// Returns the problems: an unexpected error, an expected one that did not come,
// or came with another message or too far into its first line.
import { readFileSync } from 'node:fs';

/** How far into a diagnostic's first line a `// leads:` message may start. */
export const LEAD = 100;

export function expectationsOf(file, compiler) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const expected = [];
  let pending = [];
  lines.forEach((line, i) => {
    const comment = /^\s*\/\/ (error|leads)(?:\[([^\]]+)\])?: (.+?)\s*$/.exec(line);
    if (comment) pending.push({ kind: comment[1], only: comment[2], text: comment[3] });
    else if (pending.length && line.trim() !== '' && !line.trim().startsWith('//')) {
      for (const want of pending) if (appliesTo(want.only, compiler)) expected.push({ file, line: i + 1, kind: want.kind, text: want.text });
      pending = [];
    }
  });
  return expected;
}

const appliesTo = (only, compiler) =>
  only === undefined || compiler === undefined || only.split(',').some((name) => compiler === name.trim() || compiler.startsWith(`${name.trim()} `));

/** Where `text` starts in the first line of a diagnostic, or -1. */
export const leadOf = (diagnostic, text) => diagnostic.text.split('\n')[0].indexOf(text);

export function compare(files, diagnostics, compiler) {
  const problems = [];
  const claimed = new Set();
  for (const file of files) {
    for (const want of expectationsOf(file, compiler)) {
      const hits = diagnostics.filter((d) => d.file === want.file && d.line === want.line);
      const match = hits.find((d) => d.text.includes(want.text));
      if (match) for (const d of hits) claimed.add(d);
      if (!hits.length) problems.push(`${want.file}:${want.line}: expected an error "${want.text}", but the line compiles`);
      else if (!match) problems.push(`${want.file}:${want.line}: expected "${want.text}"\n    got: ${hits.map((d) => d.text.split('\n')[0]).join('\n    got: ')}`);
      else if (want.kind === 'leads') {
        const found = hits.map((d) => leadOf(d, want.text)).filter((n) => n >= 0);
        const at = found.length ? Math.min(...found) : -1;
        if (at < 0 || at > LEAD) problems.push(`${want.file}:${want.line}: expected "${want.text}" within the first ${LEAD} characters of the first line, ${at < 0 ? 'not on it' : `at ${at}`}\n    got: ${match.text.split('\n')[0]}`);
      }
    }
  }
  for (const d of diagnostics) if (!claimed.has(d)) problems.push(`${d.file}:${d.line}: unexpected error TS${d.code}: ${d.text.split('\n')[0]}`);
  return problems;
}
