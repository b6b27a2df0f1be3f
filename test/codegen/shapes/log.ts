export const events: string[] = [];
/** A module-level name that app.ts also defines: the generated module must import both, renamed apart. */
export const note = (line: string): void => {
  events.push(`log: ${line}`);
};
