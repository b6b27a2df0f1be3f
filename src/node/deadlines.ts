/**
 * Request timeouts without a timer per request: every exchange of a listener has
 * the same timeout, so their deadlines come in the order they were added. One
 * linked list in that order and one timer, armed for the earliest deadline,
 * serve them all; adding and removing an entry is a few assignments.
 */

/** What a {@link Deadlines} list holds: the links are the list's, `expire` is called once the deadline passes. */
export interface Timed {
  /** @internal Owned by the list. */
  earlier: Timed | undefined;
  /** @internal Owned by the list. */
  later: Timed | undefined;
  /** @internal Owned by the list: when it expires (`performance.now()` time), or -1 when not in a list. */
  due: number;
  expire(): void;
}

/** Deadlines `ms` after each {@link add}. */
export class Deadlines {
  readonly #ms: number;
  #first: Timed | undefined;
  #last: Timed | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ms: number) {
    this.#ms = ms;
  }

  /** `entry.expire()` runs `ms` from now unless the entry is removed first. */
  add(entry: Timed): void {
    entry.due = performance.now() + this.#ms;
    entry.earlier = this.#last;
    entry.later = undefined;
    if (this.#last === undefined) this.#first = entry;
    else this.#last.later = entry;
    this.#last = entry;
    // An armed timer fires at or before this deadline, and re-arms for what is left.
    if (this.#timer === undefined) this.#arm(this.#ms);
  }

  /** Takes `entry` out (a no-op when it is not in the list). */
  remove(entry: Timed): void {
    if (entry.due < 0) return;
    entry.due = -1;
    if (entry.earlier === undefined) this.#first = entry.later;
    else entry.earlier.later = entry.later;
    if (entry.later === undefined) this.#last = entry.earlier;
    else entry.later.earlier = entry.earlier;
    entry.earlier = entry.later = undefined;
  }

  #arm(ms: number): void {
    // Unref'd: a pending request keeps its socket, which keeps the process alive.
    this.#timer = setTimeout(this.#fire, Math.max(1, Math.ceil(ms)));
    this.#timer.unref();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    const now = performance.now();
    for (let entry = this.#first; entry !== undefined && entry.due <= now; entry = this.#first) {
      this.remove(entry);
      entry.expire();
    }
    // (The event loop's clock may fire a timer a fraction of a millisecond early: then this re-arms for the rest.)
    if (this.#first !== undefined) this.#arm(this.#first.due - now);
  };
}
