// Pinning a benchmark process to a core (taskset), shared by bench/http.bench.mjs (server on core 0, client on
// core 1) and bench/all.mjs (each dispatch run on core 1): only where the machine has two cores or more and taskset.
import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** Whether `command` is on the PATH. */
export const has = (command) => {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Whether processes can be pinned here. */
export const pinned = os.availableParallelism() >= 2 && has('taskset');

/** `argv` run on `core` where processes can be pinned, else as it is. */
export const pin = (core, argv) => (pinned ? ['taskset', '-c', String(core), ...argv] : argv);
