import type { ReactNode } from 'react';
import { NotFoundRoute } from '../../app/routes/not-found';
import { failureOf } from '../../lib/operation';
import { ErrorAlert } from './error-alert';
import { PageHeader } from './page-header';

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
