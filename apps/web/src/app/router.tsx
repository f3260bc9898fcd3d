import {
  lazy,
  Suspense,
  type ComponentType,
  type LazyExoticComponent,
  type ReactNode,
} from 'react';
import { Route, Routes } from 'react-router';
import { AppShell } from '../components/layouts/app-shell';
import { PageSkeleton } from '../components/ui/page-skeleton';
import { Forbidden } from '../components/ui/forbidden';
import { RequireAuth } from '../lib/auth';
import { Authorization, type Policy } from '../lib/authorization';
import { LoginRoute } from './routes/login';
import { NotFoundRoute } from './routes/not-found';

interface PageRoute {
  /** under /console/; '' is the overview */
  path: string;
  policy: Policy;
  /** what the "permission" message names */
  area: string;
  component: LazyExoticComponent<ComponentType>;
}

// Each page is its own chunk: the sign-in page loads none of them.
const PAGES: readonly PageRoute[] = [
  {
    path: '',
    policy: 'overview:view',
    area: 'the overview',
    component: lazy(() => import('./routes/overview')),
  },
  {
    path: 'products',
    policy: 'products:view',
    area: 'products',
    component: lazy(() => import('./routes/products/products')),
  },
  {
    path: 'products/new',
    policy: 'products:create',
    area: 'product creation',
    component: lazy(() => import('./routes/products/new-product')),
  },
  {
    path: 'products/:productId',
    policy: 'products:view',
    area: 'products',
    component: lazy(() => import('./routes/products/product')),
  },
  {
    path: 'doctors',
    policy: 'doctors:view',
    area: 'doctors',
    component: lazy(() => import('./routes/doctors/doctors')),
  },
  {
    path: 'doctors/:doctorId',
    policy: 'doctors:view',
    area: 'doctors',
    component: lazy(() => import('./routes/doctors/doctor')),
  },
  {
    path: 'education',
    policy: 'education:view',
    area: 'education',
    component: lazy(() => import('./routes/education/education')),
  },
  {
    path: 'education/:sessionId',
    policy: 'education:view',
    area: 'education',
    component: lazy(() => import('./routes/education/registration')),
  },
  {
    path: 'schedules',
    policy: 'schedules:view',
    area: 'schedules',
    component: lazy(() => import('./routes/schedules/schedules')),
  },
  {
    path: 'schedules/imports/:importId',
    policy: 'schedules:view',
    area: 'schedules',
    component: lazy(() => import('./routes/schedules/import')),
  },
  {
    path: 'schedules/versions/:versionId',
    policy: 'schedules:view',
    area: 'schedules',
    component: lazy(() => import('./routes/schedules/version')),
  },
  {
    path: 'operations/sagas',
    policy: 'sagas:view',
    area: 'sagas',
    component: lazy(() => import('./routes/operations/sagas')),
  },
  {
    path: 'operations/sagas/:sagaId',
    policy: 'sagas:view',
    area: 'sagas',
    component: lazy(() => import('./routes/operations/saga')),
  },
  {
    path: 'operations/dead-letters',
    policy: 'dead-letters:view',
    area: 'dead letters',
    component: lazy(() => import('./routes/operations/dead-letters')),
  },
  {
    path: 'accounts',
    policy: 'accounts:view',
    area: 'accounts',
    component: lazy(() => import('./routes/accounts/accounts')),
  },
];

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
        {PAGES.map(({ path, policy, area, component: Component }) => {
          const element = (
            <Page policy={policy} area={area}>
              <Component />
            </Page>
          );
          return path === '' ? (
            <Route key="index" index element={element} />
          ) : (
            <Route key={path} path={path} element={element} />
          );
        })}
        <Route path="*" element={<NotFoundRoute />} />
      </Route>
    </Routes>
  );
}
