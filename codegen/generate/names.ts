/**
 * Names for the generated module: every name it introduces is fresh, so
 * inlined layers never capture or shadow one another's names (renamed apart).
 */
export class Names {
  readonly #taken = new Set<string>();

  /** Marks names as used (free names the inlined code refers to, imports). */
  reserve(...names: string[]): void {
    for (const name of names) this.#taken.add(name);
  }

  /** Whether `name` is still free. */
  isFree(name: string): boolean {
    return !this.#taken.has(name);
  }

  /** A fresh name: `base` if free, else `base$2`, `base$3`, … */
  fresh(base: string): string {
    const clean = base.replace(/[^\w$]/g, '_').replace(/^(\d)/, '_$1') || '_';
    let name = clean;
    for (let i = 2; this.#taken.has(name); i++) name = `${clean}$${i}`;
    this.#taken.add(name);
    return name;
  }
}
