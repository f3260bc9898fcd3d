import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageSkeleton } from '../../components/ui/page-skeleton';
import { paths } from '../../config/paths';
import { useAuth } from './use-auth';

/** Its children when signed in; otherwise the sign-in page, which comes back here after. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const auth = useAuth();
  const location = useLocation();
  if (auth.status === 'signed-in') return children;
  if (auth.status === 'restoring') return <PageSkeleton />;
  // After "Sign out" the sign-in page starts afresh; otherwise it brings the person back here.
  const next = `${location.pathname}${location.search}`;
  const back = auth.reason !== 'signed-out' && next !== paths.overview;
  const query = back ? `?next=${encodeURIComponent(next)}` : '';
  return <Navigate to={`${paths.login}${query}`} replace />;
}
