import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Principal } from '../shared/principal';

/** The verified caller, as set on the request by `AuthGuard`. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);
