import { AmbiguousDigestError, ArtifactNotFoundError, InvalidDigestError } from '../core/index.js';
import type { ArtifactStore } from './contract.js';

/** The shortest digest prefix accepted: 8 hex characters (32 bits), as git's short ids. */
const MIN_DIGEST_PREFIX = 8;

/** How many matching digests an ambiguity error lists. */
const CANDIDATES_SHOWN = 10;

/**
 * Resolves what a person typed for a digest: the 64 hex characters, or a unique prefix of at least
 * {@link MIN_DIGEST_PREFIX}, either optionally after `sha256:` and in any case. A full digest is returned as it
 * is (whoever reads it reports a missing blob); a prefix must match exactly one stored blob.
 * @throws MLP_ARTIFACT_INVALID_DIGEST naming `field`; MLP_ARTIFACT_NOT_FOUND when no blob matches the prefix;
 *   MLP_ARTIFACT_AMBIGUOUS_DIGEST listing the matches when several do.
 */
export async function resolveDigest(store: ArtifactStore, value: string, field: string): Promise<string> {
  const hex = value.replace(/^sha256:/i, '').toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${MIN_DIGEST_PREFIX},64}$`).test(hex)) {
    throw InvalidDigestError({ field, value: value.slice(0, 100), prefix: true });
  }
  if (hex.length === 64) return hex;
  const matches = await store.matchPrefix(hex, CANDIDATES_SHOWN + 1);
  const [only, another] = matches;
  if (only === undefined) throw ArtifactNotFoundError({ digest: `${hex}…` });
  if (another !== undefined) {
    throw AmbiguousDigestError({ prefix: hex, candidates: matches.slice(0, CANDIDATES_SHOWN), more: matches.length > CANDIDATES_SHOWN });
  }
  return only;
}
