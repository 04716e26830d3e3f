// Reference results for the Unicode sweeps, stored compactly and reused by the encodings that
// share the reference's ordinary-text tokenizer (see Reference.ordinaryKey).

/** Token ids of many texts in one flat buffer (a million small Uint32Arrays would cost ~100 MB). */
export class FlatIds {
  private ids = new Uint32Array(1 << 16);
  private used = 0;
  private readonly offsets: number[] = [0];

  push(tokens: Uint32Array): void {
    if (this.used + tokens.length > this.ids.length) {
      const grown = new Uint32Array(Math.max(this.ids.length * 2, this.used + tokens.length));
      grown.set(this.ids.subarray(0, this.used));
      this.ids = grown;
    }
    this.ids.set(tokens, this.used);
    this.used += tokens.length;
    this.offsets.push(this.used);
  }

  /** The ids of text `i` (a view, valid until the next push). */
  at(i: number): Uint32Array {
    return this.ids.subarray(this.offsets[i], this.offsets[i + 1]);
  }

  get texts(): number {
    return this.offsets.length - 1;
  }

  get tokens(): number {
    return this.used;
  }
}

/**
 * Holds the reference results of the latest case per ordinary-text tokenizer. Tests of one case
 * run encoding after encoding, so p50k_edit reuses p50k_base's results and o200k_harmony reuses
 * o200k_base's, and only one case's results are alive at a time.
 */
export class SharedExpectations {
  private readonly byKey = new Map<string, { label: string; ids: FlatIds }>();

  get(ordinaryKey: string, label: string, compute: () => FlatIds): FlatIds {
    const hit = this.byKey.get(ordinaryKey);
    if (hit && hit.label === label) return hit.ids;
    const ids = compute();
    this.byKey.set(ordinaryKey, { label, ids });
    return ids;
  }

  clear(): void {
    this.byKey.clear();
  }
}
