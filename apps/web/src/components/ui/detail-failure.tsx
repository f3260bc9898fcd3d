import type { ReactNode } from 'react';
import { NotFoundRoute } from '../../app/routes/not-found';
import { failureOf } from '../../lib/operation';
import { ErrorAlert } from './error-alert';
import { PageHeader } from './page-header';
import { PageSkeleton } from './page-skeleton';

/** What a page of one thing shows when reading it failed: "not found", or the error with a retry. */
export function DetailFailure(props: {
  error: unknown;
  title: string;
  before: ReactNode;
  onRetry: () => void;
}) {
  const status = failureOf(props.error)?.status;
  if (status === 404 || status === 400) return <NotFoundRoute />;
  return (
    <>
      <PageHeader before={props.before} title={props.title} />
      <ErrorAlert error={props.error} onRetry={props.onRetry} />
    </>
  );
}

/** A page of one thing that cannot show it (yet): its failure when reading failed, else a skeleton. */
export function DetailPending(props: {
  query: { error: unknown; refetch: () => unknown };
  title: string;
  before: ReactNode;
}) {
  const { error, refetch } = props.query;
  if (!error) return <PageSkeleton />;
  return (
    <DetailFailure
      error={error}
      title={props.title}
      before={props.before}
      onRetry={() => void refetch()}
    />
  );
}
