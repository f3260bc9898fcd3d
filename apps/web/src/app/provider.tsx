import { CacheProvider } from '@emotion/react';
import { MedicaLinkProvider } from '@medicalink/sdk/react';
import CssBaseline from '@mui/material/CssBaseline';
import { ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { apiClient } from '../lib/api-client';
import { keepTokenFresh, restoreSession, sessionStore } from '../lib/auth';
import { createQueryClient } from '../lib/query-client';
import { createStyleCache } from '../lib/style-cache';
import { createConsoleTheme } from '../lib/theme';

/** Everything the pages rely on: styles, the theme of the system setting, data, the SDK. */
export function AppProvider({
  children,
  queryClient: given,
}: {
  children: ReactNode;
  queryClient?: QueryClient;
}) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [styleCache] = useState(createStyleCache);
  const dark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const theme = useMemo(() => createConsoleTheme(dark ? 'dark' : 'light'), [dark]);

  // Signing out forgets everything read with the old token, not only the token.
  useEffect(
    () =>
      sessionStore.subscribe(() => {
        if (sessionStore.getSnapshot().status === 'signed-out') queryClient.clear();
      }),
    [queryClient],
  );
  useEffect(() => keepTokenFresh(), []);
  // A reload or a new tab: the refresh cookie signs the person in again, if it is still good.
  useEffect(() => void restoreSession(), []);

  return (
    <CacheProvider value={styleCache}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        <QueryClientProvider client={queryClient}>
          <MedicaLinkProvider client={apiClient}>{children}</MedicaLinkProvider>
        </QueryClientProvider>
      </ThemeProvider>
    </CacheProvider>
  );
}
