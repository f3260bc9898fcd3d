import { lazy, Suspense, type ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { AppShell } from '../components/layouts/app-shell';
import { PageSkeleton } from '../components/ui/page-skeleton';
import { Forbidden } from '../components/ui/forbidden';
import { RequireAuth } from '../lib/auth';
import { Authorization, type Policy } from '../lib/authorization';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';

// Each page is its own chunk: the sign-in page loads none of them.
const OverviewRoute = lazy(() => import('./routes/overview'));
const ProductsRoute = lazy(() => import('./routes/products/products'));
const NewProductRoute = lazy(() => import('./routes/products/new-product'));
const ProductRoute = lazy(() => import('./routes/products/product'));
const DoctorsRoute = lazy(() => import('./routes/doctors/doctors'));
const DoctorRoute = lazy(() => import('./routes/doctors/doctor'));

/** A page the account may open, loaded on demand; otherwise the "permission" message. */
function Page({ policy, area, children }: { policy: Policy; area: string; children: ReactNode }) {
  return (
    <Authorization policy={policy} fallback={<Forbidden area={area} />}>
      <Suspense fallback={<PageSkeleton />}>{children}</Suspense>
    </Authorization>
  );
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="login" element={<LoginRoute />} />
      <Route
        element={
          <RequireAuth>
            <AppShell />
          </RequireAuth>
        }
      >
        <Route
          index
          element={
            <Page policy="overview:view" area="the overview">
              <OverviewRoute />
            </Page>
          }
        />
        <Route
          path="products"
          element={
            <Page policy="products:view" area="products">
              <ProductsRoute />
            </Page>
          }
        />
        <Route
          path="products/new"
          element={
            <Page policy="products:create" area="product creation">
              <NewProductRoute />
            </Page>
          }
        />
        <Route
          path="products/:productId"
          element={
            <Page policy="products:view" area="products">
              <ProductRoute />
            </Page>
          }
        />
        <Route
          path="doctors"
          element={
            <Page policy="doctors:view" area="doctors">
              <DoctorsRoute />
            </Page>
          }
        />
        <Route
          path="doctors/:doctorId"
          element={
            <Page policy="doctors:view" area="doctors">
              <DoctorRoute />
            </Page>
          }
        />
        <Route path="*" element={<NotFoundRoute />} />
      </Route>
    </Routes>
  );
}
