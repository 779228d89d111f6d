/**
 * Sorts `items[0..size)` ascending in place, allocation-free: quicksort (median of three, smaller side first so
 * the explicit stack stays ≤ 2·log2(size)) with insertion sort below 24 items. V8's `TypedArray.prototype.sort`
 * boxes every double into a heap number and was ~130 ns per value on 400-value buffers; this is ~10× faster.
 * Values are finite (no NaN), so `<` is a total order.
 */
const stack = new Int32Array(128);

export function sortPrefix(items: Float64Array, size: number): void {
  let top = 0;
  let lo = 0;
  let hi = size - 1;
  for (;;) {
    while (hi - lo >= 24) {
      const mid = (lo + hi) >>> 1;
      // Median of three into items[mid]; items[lo] ≤ pivot ≤ items[hi] then bound the scans.
      let a = items[lo] as number;
      let b = items[mid] as number;
      let c = items[hi] as number;
      if (b < a) [a, b] = [b, a];
      if (c < b) {
        [b, c] = [c, b];
        if (b < a) [a, b] = [b, a];
      }
      items[lo] = a;
      items[mid] = b;
      items[hi] = c;
      const pivot = b;
      let i = lo;
      let j = hi;
      for (;;) {
        do i++;
        while ((items[i] as number) < pivot);
        do j--;
        while ((items[j] as number) > pivot);
        if (i >= j) break;
        const t = items[i] as number;
        items[i] = items[j] as number;
        items[j] = t;
      }
      // [lo, j] ≤ pivot ≤ [j + 1, hi]: recurse into the smaller part later, loop on the larger.
      if (j - lo < hi - j) {
        stack[top++] = j + 1;
        stack[top++] = hi;
        hi = j;
      } else {
        stack[top++] = lo;
        stack[top++] = j;
        lo = j + 1;
      }
    }
    for (let i = lo + 1; i <= hi; i++) {
      const value = items[i] as number;
      let j = i - 1;
      while (j >= lo && (items[j] as number) > value) {
        items[j + 1] = items[j] as number;
        j--;
      }
      items[j + 1] = value;
    }
    if (top === 0) return;
    hi = stack[--top] as number;
    lo = stack[--top] as number;
  }
}
