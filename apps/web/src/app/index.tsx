import { BrowserRouter } from 'react-router';
import { AppProvider } from './provider';
import { AppRoutes } from './router';

/** The console, served under /console/. */
export function App() {
  return (
    <AppProvider>
      <BrowserRouter basename="/console">
        <AppRoutes />
      </BrowserRouter>
    </AppProvider>
  );
}
