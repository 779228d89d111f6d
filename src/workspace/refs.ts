import { assertName, ValidationError } from '../core/index.js';

/** A parsed `NAME[@VERSION|@ALIAS]` reference. */
export interface Ref {
  name: string;
  /** A version number, an alias or `latest`; undefined when the ref has no `@`. */
  version?: number | string;
}

/**
 * Parses `iris`, `iris@3`, `churn@champion`. Both parts are validated names, so a ref can never smuggle a path.
 * @throws MLP_CORE_INVALID_NAME / MLP_CORE_VALIDATION naming `field`.
 */
export function parseRef(ref: string, field: string): Ref {
  const at = ref.lastIndexOf('@');
  if (at === -1) return { name: assertName(ref, field) };
  const name = assertName(ref.slice(0, at), field);
  const version = ref.slice(at + 1);
  if (version === '') throw ValidationError({ field, problem: `"${ref}" has an empty version after "@"; use NAME@VERSION or NAME@ALIAS` });
  if (/^[0-9]+$/.test(version)) {
    const n = Number(version);
    if (n < 1) throw ValidationError({ field, problem: `version numbers start at 1, got ${version}` });
    return { name, version: n };
  }
  return { name, version: assertName(version, `${field} (version or alias)`) };
}
