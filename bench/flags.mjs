// The flags of a bench or script: `--help` (or -h) prints the file's header
// comment and exits 0; an argument that is not one of `known` (`--name` or
// `--name=value`) is refused with exit 2 before anything runs, so a typo never
// starts a run of many minutes with the defaults.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The flags of `argv` as a Map of name to value (`true` for a bare flag). `url`: the script's import.meta.url. */
export function flags(url, known, argv = process.argv.slice(2)) {
  const file = fileURLToPath(url);
  if (argv.includes('--help') || argv.includes('-h')) {
    const src = readFileSync(file, 'utf8');
    console.log(src.slice(0, src.indexOf('\nimport ')).replace(/^\/\/ ?/gm, ''));
    process.exit(0);
  }
  const out = new Map();
  for (const arg of argv) {
    const [, name, value] = /^--([a-z][a-z-]*)(?:=(.*))?$/.exec(arg) ?? [];
    if (name === undefined || !known.includes(name)) {
      console.error(`${basename(file)}: unknown argument ${arg}; flags: ${known.map((f) => `--${f}`).join(' ')} (see --help)`);
      process.exit(2);
    }
    out.set(name, value ?? true);
  }
  return out;
}
