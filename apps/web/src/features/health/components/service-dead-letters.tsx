import Link from '@mui/material/Link';
import { Link as RouterLink } from 'react-router';
import { paths } from '../../../config/paths';
import {
  DEAD_LETTER_SERVICES,
  useDeadLetterCounts,
  type DeadLetterService,
} from '../../operations/api/dead-letters';

/** A health card's service as the dead-letter routes name it. */
export function deadLetterServiceOf(id: string): DeadLetterService | undefined {
  const name = id === 'provider-directory' ? 'directory' : id;
  return (DEAD_LETTER_SERVICES as readonly string[]).includes(name)
    ? (name as DeadLetterService)
    : undefined;
}

/** Per service, a link to its dead letters with their count (staff only: the route is theirs). */
export function useDeadLetterLinks(): (id: string) => React.ReactNode {
  const counts = useDeadLetterCounts();
  return (id) => {
    const service = deadLetterServiceOf(id);
    if (!service) return null;
    const count = counts[DEAD_LETTER_SERVICES.indexOf(service)]?.data;
    return (
      <Link
        component={RouterLink}
        to={`${paths.deadLetters}?service=${service}`}
        variant="caption"
        underline="always"
        color={count ? 'error' : 'primary'}
      >
        {count === undefined
          ? 'Dead letters'
          : `${count} dead ${count === 1 ? 'letter' : 'letters'}`}
      </Link>
    );
  };
}
