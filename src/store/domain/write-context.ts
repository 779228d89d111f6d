/** Who performs a store mutation, and how stored objects are referred to by version. */

/** Who performs a mutation: the API token's owner, or the local OS user for the embedded CLI. */
export interface WriteContext {
  readonly actor: string;
}

/** The highest version number: versions are 32-bit integer columns (PostgreSQL `integer`). */
export const MAX_VERSION_NUMBER = 2_147_483_647;

/** `3`, `"3"`, `"latest"` or an alias such as `"champion"` (datasets also take a content-hash prefix). */
export type VersionRef = number | string;
