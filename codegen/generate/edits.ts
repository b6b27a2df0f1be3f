/**
 * A copy of a layer is its source text with edits applied, as ranges over the
 * text (the idea of MagicString, made explicit): labels renamed, returns and
 * the `next()` site rewritten. An edit replaces a range with parts: text,
 * slices of the source (printed with the edits inside them), or the hole where
 * the layers below run. Edits nest (a label inside a rewritten return) but
 * never overlap otherwise; comments and formatting outside them stay as the
 * user wrote them.
 */

/** Where the steps below a copy run (one hole per `next()` site, numbered): the printer prints them there. */
export interface Hole {
  readonly hole: number;
}

/** A piece of a copy's code. */
export type Part = string | Hole;

/** What an edit puts in place of its range. */
export type Piece = string | Hole | { readonly slice: readonly [start: number, end: number] };

export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly pieces: readonly Piece[];
}

export const isHole = (part: Part | Piece): part is Hole => typeof part === 'object' && 'hole' in part;

/** A source text and its edits; {@link render} prints a range of it. */
export class Edits {
  readonly #text: string;
  readonly #edits: Edit[] = [];
  #sorted = true;

  constructor(text: string) {
    this.#text = text;
  }

  /**
   * Replaces `[start, end)` with `pieces`. Of two edits of the same range, the
   * later one is the outer one: its slices show the earlier one's result.
   */
  replace(start: number, end: number, pieces: readonly Piece[]): void {
    this.#edits.push({ start, end, pieces, order: this.#edits.length } as Edit);
    this.#sorted = false;
  }

  /**
   * The range `[start, end)` with the edits inside it applied, outermost first;
   * `outer`: the edits whose slice this is (not applied again). An edit reaching
   * outside the range is a bug.
   */
  render(start: number, end: number, outer: ReadonlySet<Edit> = new Set()): Part[] {
    if (!this.#sorted) {
      // Outer edits first: by start, then the longer one, then the later one.
      const order = (e: Edit): number => (e as Edit & { order: number }).order;
      this.#edits.sort((a, b) => a.start - b.start || b.end - a.end || order(b) - order(a));
      this.#sorted = true;
    }
    const out: Part[] = [];
    const push = (part: Part): void => {
      const last = out.at(-1);
      if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
      else if (part !== '') out.push(part);
    };
    let pos = start;
    for (const edit of this.#edits) {
      if (outer.has(edit)) continue;
      if (edit.start < pos || (edit.start >= end && edit.end > edit.start)) continue; // inside an edit already applied, or after the range
      if (edit.start <= start && edit.end >= end && (edit.start < start || edit.end > end)) continue; // encloses the range: not this slice's
      if (edit.start < start) continue;
      if (edit.end > end) throw new Error(`codegen: an edit [${edit.start}, ${edit.end}) crosses the end of the range [${start}, ${end})`);
      push(this.#text.slice(pos, edit.start));
      for (const piece of edit.pieces) {
        if (typeof piece === 'string' || isHole(piece)) push(piece);
        else for (const part of this.render(piece.slice[0], piece.slice[1], new Set([...outer, edit]))) push(part);
      }
      pos = edit.end;
    }
    push(this.#text.slice(pos, end));
    return out;
  }
}
