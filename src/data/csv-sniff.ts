/**
 * Which character separates the fields of a `.csv` file: many "CSV" files use `;` (where `,` is the decimal
 * mark), a tab or `|`. Read as comma-separated they become one text column without a word, so the reader
 * sniffs, as Python's `csv.Sniffer` and pandas (`sep=None`) do.
 */

/** The delimiters {@link sniffDelimiter} chooses among, in order of preference when several fit. */
export const SNIFFED_DELIMITERS: readonly string[] = Object.freeze([',', '\t', ';', '|']);

/** How many records (lines outside quotes) the sniffer reads at most, and how many bytes. */
const SNIFF_RECORDS = 50;
const SNIFF_BYTES = 64 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The delimiter of CSV `bytes`: among `,` `\t` `;` `|`, the ones that occur the same number of times — at least
 * once, so a record has more than one field — outside quotes in every one of the first 50 records (within the
 * first 64 KiB; a record cut off by that limit is left out; empty lines are skipped). When several fit, the
 * first in that order wins (Python's Sniffer prefers `,` then tab then `;`); when none fits, `,` (a one-column
 * file stays one column). A `"` toggles quoting, so delimiters and line breaks inside quoted fields do not
 * count; `""` inside quotes toggles twice.
 */
export function sniffDelimiter(bytes: Uint8Array): string {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  const codes = SNIFFED_DELIMITERS.map((d) => d.charCodeAt(0));
  const counts = codes.map(() => 0);
  /** Per delimiter: the count every record so far had (-1: none yet), or NaN once two records disagreed. */
  const agreed = codes.map(() => -1);
  let records = 0;
  let inQuotes = false;
  let recordBytes = 0;
  const closeRecord = (): void => {
    if (recordBytes > 0) {
      records += 1;
      for (let k = 0; k < codes.length; k++) {
        const seen = agreed[k] as number;
        agreed[k] = seen === -1 || seen === counts[k] ? (counts[k] as number) : Number.NaN;
      }
    }
    counts.fill(0);
    recordBytes = 0;
  };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (let i = bom; i < end && records < SNIFF_RECORDS; i++) {
    const b = bytes[i] as number;
    if (b === QUOTE) inQuotes = !inQuotes;
    else if (!inQuotes && b === LF) {
      closeRecord();
      continue;
    } else if (!inQuotes && b !== CR) {
      const k = codes.indexOf(b);
      if (k >= 0) counts[k] = (counts[k] as number) + 1;
    }
    if (b !== CR) recordBytes += 1;
  }
  // The last record counts only when the file ends within the window (it is not cut off).
  if (end === bytes.length && records < SNIFF_RECORDS && !inQuotes) closeRecord();
  const fits = codes.findIndex((_, k) => (agreed[k] as number) >= 1);
  return fits === -1 ? ',' : (SNIFFED_DELIMITERS[fits] as string);
}
