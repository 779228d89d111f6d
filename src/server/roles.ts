import { UnauthenticatedError } from '../core/index.js';
import { type Role, ROLES } from '../store/index.js';

/** API roles, least to most privileged: the store's roles. */
export const API_ROLES = ROLES;
export type ApiRole = Role;

/** What a route needs: a role, or `public` for the few routes anyone may call (`/healthz`, the OpenAPI document). */
export type RouteRole = ApiRole | 'public';

/** Who is calling: the token's owner and role, or the local user when auth is disabled. */
export interface Principal {
  /** Becomes the `actor` of every event the request writes. */
  readonly owner: string;
  readonly role: ApiRole;
  /** The token id, or `null` for the trusted local user (auth disabled). */
  readonly tokenId: string | null;
}

/** The position of `role` in the order viewer < editor < deployer < admin. */
export function roleRank(role: ApiRole): number {
  return API_ROLES.indexOf(role);
}

/** True when `actual` is at least `required`. `public` is satisfied by anyone. */
export function roleSatisfies(actual: ApiRole, required: RouteRole): boolean {
  return required === 'public' || roleRank(actual) >= roleRank(required);
}

/** The role just below `role`, or `undefined` for `viewer` (used by the auth walk test and docs). */
export function roleBelow(role: ApiRole): ApiRole | undefined {
  return API_ROLES[roleRank(role) - 1];
}

/**
 * Extracts the secret from an `Authorization: Bearer <secret>` header.
 * @throws MLP_AUTH_UNAUTHENTICATED when the header is missing or not a bearer credential.
 */
export function bearerSecret(header: string | undefined): string {
  if (header === undefined || header.trim() === '') throw UnauthenticatedError({ reason: 'no Authorization header' });
  const match = /^Bearer[ ]+([^\s]+)\s*$/i.exec(header);
  if (match === null) throw UnauthenticatedError({ reason: 'the Authorization header is not "Bearer <token>"' });
  return match[1] as string;
}
