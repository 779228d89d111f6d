/** Small formatters shared by the commands' human output. */

/** An epoch-milliseconds timestamp as ISO 8601 UTC without milliseconds, or `-`. */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A byte count in binary units: `512 B`, `1.5 KiB`, `3.2 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A metric value: integers as-is, others with up to 6 significant digits. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  if (Number.isInteger(value)) return String(value);
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** A duration in milliseconds as `850ms`, `12.3s`, `4m05s`, `2h10m`. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.floor(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** `k=v, k=v` for a record, sorted by key; `-` when empty. */
export function formatRecord(record: Readonly<Record<string, string | number>>): string {
  const keys = Object.keys(record).sort();
  return keys.length === 0 ? '-' : keys.map((k) => `${k}=${String(record[k])}`).join(', ');
}

/** The first 12 characters of a sha256 digest, as git shows commits. */
export function shortDigest(digest: string | null | undefined): string {
  return digest === null || digest === undefined ? '-' : digest.slice(0, 12);
}
