/**
 * A dictionary from byte strings to dense codes 0, 1, 2… in order of first appearance, used to build
 * categorical columns without creating a JS string per cell: cells are hashed as bytes (FNV-1a) and a string
 * is decoded only once per new level. Open addressing with linear probing over an `Int32Array`.
 */
export class ByteDictionary {
  /** Decoded levels, index = code. */
  readonly levels: string[] = [];
  private table: Int32Array = new Int32Array(64).fill(-1);
  private hashes: Int32Array = new Int32Array(32);
  private starts: Int32Array = new Int32Array(32);
  private ends: Int32Array = new Int32Array(32);
  private arena: Uint8Array = new Uint8Array(1024);
  private used = 0;
  /** Longest level seen, in bytes. */
  maxLevelBytes = 0;

  /**
   * @param decode turns the bytes of a new level into its string (and validates them); called once per level.
   */
  constructor(private readonly decode: (bytes: Uint8Array, start: number, end: number) => string) {}

  /** Number of levels. */
  get size(): number {
    return this.levels.length;
  }

  /** The code of `bytes[start, end)`, adding it as a new level when unseen. */
  code(bytes: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (bytes[i] as number), 0x01000193);
    const mask = this.table.length - 1;
    let slot = h & mask;
    const length = end - start;
    for (;;) {
      const code = this.table[slot] as number;
      if (code < 0) break;
      if (this.hashes[code] === h) {
        const s = this.starts[code] as number;
        if ((this.ends[code] as number) - s === length) {
          let same = true;
          for (let k = 0; k < length; k++) {
            if (this.arena[s + k] !== bytes[start + k]) {
              same = false;
              break;
            }
          }
          if (same) return code;
        }
      }
      slot = (slot + 1) & mask;
    }
    return this.add(bytes, start, end, h, slot);
  }

  private add(bytes: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const code = this.levels.length;
    const length = end - start;
    this.levels.push(this.decode(bytes, start, end));
    if (code >= this.hashes.length) {
      this.hashes = grow(this.hashes, code * 2);
      this.starts = grow(this.starts, code * 2);
      this.ends = grow(this.ends, code * 2);
    }
    if (this.used + length > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.hashes[code] = h;
    this.starts[code] = this.used;
    this.ends[code] = this.used + length;
    this.used += length;
    if (length > this.maxLevelBytes) this.maxLevelBytes = length;
    this.table[slot] = code;
    if ((code + 1) * 2 > this.table.length) this.rehash();
    return code;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let code = 0; code < this.levels.length; code++) {
      let slot = (this.hashes[code] as number) & mask;
      while ((table[slot] as number) >= 0) slot = (slot + 1) & mask;
      table[slot] = code;
    }
    this.table = table;
  }
}

function grow(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
