import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import type { PaginationMetadata } from '@medicalink/sdk';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';
import { Pager } from './pager';

/**
 * The body of a paged list: its error (with a retry), a skeleton while it loads, what to say
 * when it is empty, else the items and the pager.
 */
export function PagedList<T>(props: {
  query: {
    data: { data: T[]; meta: PaginationMetadata } | undefined;
    error: unknown;
    refetch: () => unknown;
  };
  loadingLabel: string;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
  onPage: (page: number) => void;
  onLimit?: (limit: number) => void;
}) {
  const { query } = props;
  if (query.error) {
    return (
      <Box sx={{ p: 2 }}>
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </Box>
    );
  }
  if (!query.data) {
    return (
      <Skeleton
        variant="rectangular"
        height={160}
        role="progressbar"
        aria-label={props.loadingLabel}
      />
    );
  }
  if (query.data.data.length === 0) return props.empty;
  return (
    <>
      {props.children(query.data.data)}
      <Pager
        meta={query.data.meta}
        onPage={props.onPage}
        {...(props.onLimit ? { onLimit: props.onLimit } : {})}
      />
    </>
  );
}
