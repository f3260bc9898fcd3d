/** The console's pages, relative to its base path /console. */
export const paths = {
  login: '/login',
  overview: '/',
  products: '/products',
  newProduct: '/products/new',
  product: (productId: string) => `/products/${encodeURIComponent(productId)}`,
  doctors: '/doctors',
  doctor: (doctorId: string) => `/doctors/${encodeURIComponent(doctorId)}`,
  education: '/education',
  registration: (sessionId: string) => `/education/${encodeURIComponent(sessionId)}`,
  schedules: '/schedules',
  scheduleImport: (importId: string) => `/schedules/imports/${encodeURIComponent(importId)}`,
  scheduleVersion: (versionId: string) => `/schedules/versions/${encodeURIComponent(versionId)}`,
  sagas: '/operations/sagas',
  saga: (sagaId: string) => `/operations/sagas/${encodeURIComponent(sagaId)}`,
  deadLetters: '/operations/dead-letters',
  accounts: '/accounts',
} as const;

/**
 * Where the sign-in page may send a person back to: a path of the console only (never
 * another site: `//evil.example` and `/\evil` are refused).
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return paths.overview;
  }
  return next.startsWith(paths.login) ? paths.overview : next;
}
