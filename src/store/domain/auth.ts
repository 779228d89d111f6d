/** API tokens and their roles. Timestamps are milliseconds since the Unix epoch. */
import type { WriteContext } from './write-context.js';

/** The roles of API tokens, least to most privileged (DESIGN.md §6): the one definition the store and the API use. */
export const ROLES = ['viewer', 'editor', 'deployer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  /** The person or system the token acts for; becomes the actor of its events. */
  owner: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface TokenRepo {
  /** Creates a token; the plaintext secret is returned once and only its sha256 is stored. */
  issue(input: { name: string; role: Role; owner: string }, ctx: WriteContext): Promise<{ token: ApiToken; secret: string }>;
  /**
   * The live token for a secret, or undefined (unknown or revoked). A read; `lastUsedAt` is recorded at most once a
   * minute per token (a write only then), never for an unknown or revoked secret.
   */
  verify(secret: string): Promise<ApiToken | undefined>;
  list(): Promise<ApiToken[]>;
  revoke(id: string, ctx: WriteContext): Promise<void>;
  /** True when at least one live token exists (auth can be enforced). */
  any(): Promise<boolean>;
}
