/** The console's pages, relative to its base path /console. */
export const paths = {
  login: '/login',
  overview: '/',
  products: '/products',
  newProduct: '/products/new',
  product: (productId: string) => `/products/${encodeURIComponent(productId)}`,
  doctors: '/doctors',
  doctor: (doctorId: string) => `/doctors/${encodeURIComponent(doctorId)}`,
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
