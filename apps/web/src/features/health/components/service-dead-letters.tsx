import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router';
import { paths } from '../../../config/paths';
import {
  DEAD_LETTER_SERVICES,
  useDeadLetterCounts,
  type DeadLetterService,
} from '../../operations/api/dead-letters';
import { ERROR_SERVICES, useServiceErrorCounts } from '../../operations/api/service-errors';

/** A health card's service as the dead-letter routes name it. */
export function deadLetterServiceOf(id: string): DeadLetterService | undefined {
  const name = id === 'provider-directory' ? 'directory' : id;
  return (DEAD_LETTER_SERVICES as readonly string[]).includes(name)
    ? (name as DeadLetterService)
    : undefined;
}

const counted = (count: number | undefined, one: string, many: string, none: string) =>
  count === undefined ? none : `${count} ${count === 1 ? one : many}`;

/**
 * Per service, links to its dead letters and to its recent errors (the error lines it logged,
 * shown on the same page), each with its count (staff only: the routes are theirs).
 */
export function useDeadLetterLinks(): (id: string) => React.ReactNode {
  const counts = useDeadLetterCounts();
  const errors = useServiceErrorCounts();
  return (id) => {
    const service = deadLetterServiceOf(id);
    if (!service) return null;
    const letters = counts[DEAD_LETTER_SERVICES.indexOf(service)]?.data;
    const logged = errors[ERROR_SERVICES.indexOf(service)]?.data?.total;
    const page = `${paths.deadLetters}?service=${service}`;
    return (
      <Box component="span" sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }}>
        <Link
          component={RouterLink}
          to={page}
          variant="caption"
          underline="always"
          color={letters ? 'error' : 'primary'}
        >
          {counted(letters, 'dead letter', 'dead letters', 'Dead letters')}
        </Link>
        {ERROR_SERVICES.includes(service) && (
          <Link
            component={RouterLink}
            to={`${page}#recent-errors`}
            variant="caption"
            underline="always"
            color={logged ? 'error' : 'primary'}
          >
            {counted(logged, 'recent error', 'recent errors', 'Recent errors')}
          </Link>
        )}
      </Box>
    );
  };
}
