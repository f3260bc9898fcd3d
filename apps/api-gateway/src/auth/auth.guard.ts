import {
  ForbiddenException,
  HttpStatus,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { JwtClaims } from '@medicalink/contracts';
import { HttpExceptionWithHeaders } from '../http/http-exception-with-headers';
import { accessPolicyOf } from './access.decorators';
import type { AuthenticatedRequest } from './authenticated-request';
import { JwtError } from './jwt';
import { revocationOf, TokenStates } from './token-states';
import { VerifiedTokens } from './verified-tokens';

export const NO_POLICY_MESSAGE = 'Route has no access policy';

/**
 * Global guard (APP_GUARD), deny by default: a route runs only if it declares
 * `@Public()`, `@Authenticated()` or `@Access(...)`; one that declares nothing
 * is refused with 403, so a forgotten decorator never opens a route.
 * A valid token must also still hold: its account exists, is active, has the
 * privilege claimed and the token version the token was issued at (TokenStates).
 * RPC handlers of the gateway's microservice side are not HTTP routes: the
 * broker is internal and this guard does not apply to them.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verified: VerifiedTokens,
    private readonly states: TokenStates,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = accessPolicyOf(this.reflector, context.getHandler(), context.getClass());
    if (!policy) throw new ForbiddenException(NO_POLICY_MESSAGE);
    if (policy.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const claims = this.authenticate(request.headers.authorization);
    request.auth = claims;
    if (policy.kind === 'privileges' && !policy.privileges.includes(claims.privilege)) {
      throw new ForbiddenException('Insufficient privilege');
    }
    return this.stillHolds(claims);
  }

  private async stillHolds(claims: JwtClaims): Promise<boolean> {
    const reason = revocationOf(claims, await this.states.current(claims.sub));
    if (reason) {
      throw unauthorized('Token revoked', 'Bearer realm="medicalink", error="invalid_token"');
    }
    return true;
  }

  private authenticate(authorization: string | undefined): JwtClaims {
    const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
    if (!match?.[1]) throw unauthorized('Missing bearer token', 'Bearer realm="medicalink"');
    try {
      return this.verified.verify(match[1]);
    } catch (error) {
      if (!(error instanceof JwtError)) throw error;
      const message = error.reason === 'expired' ? 'Token expired' : 'Invalid token';
      throw unauthorized(message, 'Bearer realm="medicalink", error="invalid_token"');
    }
  }
}

function unauthorized(message: string, challenge: string): HttpExceptionWithHeaders {
  return new HttpExceptionWithHeaders(HttpStatus.UNAUTHORIZED, message, {
    'WWW-Authenticate': challenge,
  });
}
