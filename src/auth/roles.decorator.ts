import { SetMetadata } from '@nestjs/common';
import type { Role } from '../shared/principal';

export const ALLOWED_ROLES = 'auth:roles';
/** Restricts a route to these roles (checked by `AuthGuard` after the token). */
export const Roles = (...roles: Role[]) => SetMetadata(ALLOWED_ROLES, roles);
