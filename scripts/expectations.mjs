// Reads `// error: TEXT` comments: each expects a diagnostic starting on the next
// line of code whose message contains TEXT. Compares them with what a compiler
// reported and returns the problems (an unexpected error, or an expected one that
// did not come, or came with another message).
import { readFileSync } from 'node:fs';

export function expectationsOf(file) {
  const lines = readFileSync(file, 'utf8').split('\n');
  const expected = [];
  let pending = [];
  lines.forEach((line, i) => {
    const comment = /^\s*\/\/ error: (.+?)\s*$/.exec(line);
    if (comment) pending.push(comment[1]);
    else if (pending.length && line.trim() !== '' && !line.trim().startsWith('//')) {
      for (const text of pending) expected.push({ file, line: i + 1, text });
      pending = [];
    }
  });
  return expected;
}

export function compare(files, diagnostics) {
  const problems = [];
  const claimed = new Set();
  for (const file of files) {
    for (const want of expectationsOf(file)) {
      const hits = diagnostics.filter((d) => d.file === want.file && d.line === want.line);
      const match = hits.find((d) => d.text.includes(want.text));
      if (match) for (const d of hits) claimed.add(d);
      else if (hits.length) problems.push(`${want.file}:${want.line}: expected "${want.text}"\n    got: ${hits.map((d) => d.text.split('\n')[0]).join('\n    got: ')}`);
      else problems.push(`${want.file}:${want.line}: expected an error "${want.text}", but the line compiles`);
    }
  }
  for (const d of diagnostics) if (!claimed.has(d)) problems.push(`${d.file}:${d.line}: unexpected error TS${d.code}: ${d.text.split('\n')[0]}`);
  return problems;
}
