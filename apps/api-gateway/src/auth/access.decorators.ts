import { SetMetadata, type ExecutionContext, type Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Privilege } from '@medicalink/contracts';
import { IS_PUBLIC } from '@medicalink/runtime';

export const ACCESS_POLICY = 'medicalink:access';

export type AccessPolicy =
  { kind: 'authenticated' } | { kind: 'privileges'; privileges: readonly Privilege[] };
export type ResolvedAccessPolicy = AccessPolicy | { kind: 'public' };

/** Any valid token may call the route. */
export const Authenticated = () =>
  SetMetadata<string, AccessPolicy>(ACCESS_POLICY, { kind: 'authenticated' });

/** A valid token whose privilege is one of these may call the route: `@Access('admin', 'main')`. */
export const Access = (...privileges: [Privilege, ...Privilege[]]) =>
  SetMetadata<string, AccessPolicy>(ACCESS_POLICY, { kind: 'privileges', privileges });

/**
 * The access policy of a route: the handler's own, else its controller's
 * (`@Public()`, `@Authenticated()` or `@Access(...)`). Where one level carries
 * both `@Public()` and a token policy, the token policy wins. `undefined` means
 * nobody declared one, and the guard refuses the call.
 */
export function accessPolicyOf(
  reflector: Reflector,
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: Type<unknown>,
): ResolvedAccessPolicy | undefined {
  for (const target of [handler, controller]) {
    const policy = reflector.get<AccessPolicy | undefined>(ACCESS_POLICY, target);
    if (policy) return policy;
    if (reflector.get<boolean | undefined>(IS_PUBLIC, target) === true) return { kind: 'public' };
  }
  return undefined;
}
