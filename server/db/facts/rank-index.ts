// Order statistics over any window of a sequence, without copying or sorting the window: a
// wavelet matrix over the ranks of the values. Built once in O(n log n); each count of the values
// below a bound within positions [from, to) reads one entry per bit of the rank, O(log n), however
// wide the window. The peers' median quantity (peer-quantities.ts) asks it for every consignment.

/** Counts of the work done, for tests that bound it. */
export interface IndexWork {
  /** Levels of the matrix read by the queries. */
  levels: number;
}

export class RankIndex {
  /** The values in ascending order. */
  readonly sorted: Float64Array;
  readonly #bits: number;
  /** Per level: how many ones are before each position (length n + 1). */
  readonly #ones: Uint32Array[] = [];
  /** Per level: how many zeros the level has. */
  readonly #zeros: number[] = [];

  constructor(values: Float64Array) {
    const n = values.length;
    const order = Array.from({ length: n }, (_, index) => index).sort((a, b) => values[a]! - values[b]! || a - b);
    this.sorted = Float64Array.from(order, (index) => values[index]!);
    let current = new Uint32Array(n);
    order.forEach((position, rank) => (current[position] = rank));
    this.#bits = Math.max(1, Math.ceil(Math.log2(n + 1)));
    for (let bit = this.#bits - 1; bit >= 0; bit -= 1) {
      const ones = new Uint32Array(n + 1);
      for (let index = 0; index < n; index += 1) ones[index + 1] = ones[index]! + ((current[index]! >>> bit) & 1);
      const zeros = n - ones[n]!;
      const next = new Uint32Array(n);
      let zero = 0;
      let one = zeros;
      for (let index = 0; index < n; index += 1) {
        if ((current[index]! >>> bit) & 1) next[one++] = current[index]!;
        else next[zero++] = current[index]!;
      }
      this.#ones.push(ones);
      this.#zeros.push(zeros);
      current = next;
    }
  }

  get length(): number {
    return this.sorted.length;
  }

  /** How many of the values at positions [from, to) are at most `value`. */
  countAtMost(from: number, to: number, value: number, work?: IndexWork): number {
    return this.#countRankBelow(from, to, upperBound(this.sorted, value), work);
  }

  /** How many values at positions [from, to) have a rank below `rank` (ranks are unique, 0 to n - 1). */
  #countRankBelow(from: number, to: number, rank: number, work?: IndexWork): number {
    if (rank >= this.length) return to - from;
    let count = 0;
    for (let level = 0; level < this.#bits; level += 1) {
      const bit = (rank >>> (this.#bits - 1 - level)) & 1;
      const ones = this.#ones[level]!;
      const onesFrom = ones[from]!;
      const onesTo = ones[to]!;
      if (bit === 1) {
        count += to - from - (onesTo - onesFrom);
        from = this.#zeros[level]! + onesFrom;
        to = this.#zeros[level]! + onesTo;
      } else {
        from -= onesFrom;
        to -= onesTo;
      }
    }
    if (work) work.levels += this.#bits;
    return count;
  }
}

/** How many of the ascending `sorted` are at most `value`. */
export function upperBound(sorted: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}
