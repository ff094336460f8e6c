import { isRole, type Principal, type Role } from '../shared/principal';
import { InvalidTokenError } from './token.service';

/**
 * A token that verified but whose holder has no place here: no role of ours, more than one, or a
 * unit user without a unit. Answered 403 with `code`, not 401: signing in again would not help,
 * the provider's administrator must (and it is not counted as a bad token).
 */
export class NotPermittedError extends Error {
  override name = 'NotPermittedError';

  constructor(
    readonly code: 'AUTH.NO_ROLE' | 'AUTH.ROLE_AMBIGUOUS' | 'AUTH.NO_UNIT',
    message: string,
  ) {
    super(message);
  }
}

export interface ClaimNames {
  /** A role, or a list of roles among which exactly one is ours (`realm_access.roles`). */
  role: string;
  unit: string;
}

const MAX_ID_LENGTH = 255;

/**
 * The caller an identity provider's verified claims describe. Names may be dotted paths into
 * objects (Keycloak's `realm_access.roles`); a claim whose own name holds a dot (a URL) is found
 * first. Claims of the wrong type are a bad token (401), absent ones a missing permission (403).
 */
export function principalFromClaims(claims: Record<string, unknown>, names: ClaimNames): Principal {
  const { sub } = claims;
  if (typeof sub !== 'string' || sub === '' || sub.length > MAX_ID_LENGTH) {
    throw new InvalidTokenError('sub must be text');
  }
  const role = roleOf(claimAt(claims, names.role), names.role);
  const name = nameOf(claims) ?? sub;
  if (role !== 'unit') return Object.freeze({ sub, name, role });
  const unit = unitOf(claimAt(claims, names.unit), names.unit);
  return Object.freeze({ sub, name, role, unit });
}

function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function roleOf(value: unknown, claim: string): Role {
  if (value === undefined || value === null) {
    throw new NotPermittedError('AUTH.NO_ROLE', `The token carries no ${claim} claim`);
  }
  const values = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
    throw new InvalidTokenError(`${claim} must be a role or a list of roles`);
  }
  const ours = [...new Set(values.filter(isRole))];
  if (ours.length === 0) {
    throw new NotPermittedError(
      'AUTH.NO_ROLE',
      `None of the roles in ${claim} is one of this application's (leader, office, unit, auditor, admin)`,
    );
  }
  if (ours.length > 1) {
    // Each role sees and may do different things; picking one would hide the others' work.
    throw new NotPermittedError(
      'AUTH.ROLE_AMBIGUOUS',
      `The token carries more than one of this application's roles (${ours.join(', ')}); a user has exactly one`,
    );
  }
  return ours[0];
}

function unitOf(value: unknown, claim: string): string {
  if (value === undefined || value === null || value === '') {
    throw new NotPermittedError('AUTH.NO_UNIT', `A unit user's token must carry ${claim}`);
  }
  // A user attribute mapped as multivalued arrives as a list; one value is still one unit.
  const unit = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof unit !== 'string' || unit.length > MAX_ID_LENGTH) {
    throw new InvalidTokenError(`${claim} must be one unit id`);
  }
  if (unit === '') throw new NotPermittedError('AUTH.NO_UNIT', `${claim} is empty`);
  return unit;
}

function nameOf(claims: Record<string, unknown>): string | undefined {
  for (const key of ['name', 'preferred_username']) {
    const value = claims[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw new InvalidTokenError(`${key} must be text`);
    if (value !== '') return value;
  }
  return undefined;
}
