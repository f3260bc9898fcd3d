export { authorizedFetch } from './authorized-fetch';
export { readClaims, type AccessClaims } from './claims';
export {
  keepTokenFresh,
  renewOnce,
  restoreSession,
  RENEW_AHEAD_MS,
  type RenewAccessToken,
} from './renewal';
export { sessionStore, type AuthSnapshot, type SignOutReason } from './session-store';
export { useAuth } from './use-auth';
export { RequireAuth } from './require-auth';
