import { createMedicaLinkClient, type FetchLike } from '@medicalink/sdk';
import { MedicaLinkProvider } from '@medicalink/sdk/react';
import { ThemeProvider } from '@mui/material/styles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { createConsoleTheme } from '../lib/theme';

/** Renders `ui` with the console's providers around it, its SDK client on `fetch`. */
export function renderWithProviders(
  ui: ReactElement,
  options: { fetch: FetchLike; path?: string },
) {
  const client = createMedicaLinkClient({
    baseUrl: 'http://console.test',
    token: 'test-token',
    fetch: options.fetch,
    retryAttempts: 0,
  });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <ThemeProvider theme={createConsoleTheme('light')}>
      <QueryClientProvider client={queryClient}>
        <MedicaLinkProvider client={client}>
          <MemoryRouter initialEntries={[options.path ?? '/']}>{ui}</MemoryRouter>
        </MedicaLinkProvider>
      </QueryClientProvider>
    </ThemeProvider>,
  );
}
