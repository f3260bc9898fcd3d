import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { JwtClaims } from '@medicalink/contracts';
import type { AuthenticatedRequest } from './authenticated-request';

/** The verified token claims of the caller; only on `@Authenticated()` / `@Access()` routes. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, context: ExecutionContext): JwtClaims => {
    const claims = context.switchToHttp().getRequest<AuthenticatedRequest>().auth;
    // A programming error (the decorator on a public route), so a 500, not a 401.
    if (!claims) throw new Error('@CurrentUser() used on a route that takes no token');
    return claims;
  },
);
