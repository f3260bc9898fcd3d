import Button from '@mui/material/Button';
import { Link as RouterLink } from 'react-router';
import { EmptyState } from '../../components/ui/empty-state';
import { PageHeader } from '../../components/ui/page-header';
import { paths } from '../../config/paths';

export function NotFoundRoute() {
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="This page was not found"
        action={
          <Button variant="outlined" component={RouterLink} to={paths.overview}>
            Go to the overview
          </Button>
        }
      >
        The address may be mistyped, or the page may have moved. The navigation lists every page you
        can open.
      </EmptyState>
    </>
  );
}
