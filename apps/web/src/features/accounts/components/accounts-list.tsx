import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import type { AccountListQuery, Privilege } from '@medicalink/sdk';
import { EmptyState } from '../../../components/ui/empty-state';
import { PagedList } from '../../../components/ui/paged-list';
import { SearchField } from '../../../components/ui/search-field';
import { SelectField } from '../../../components/ui/select-field';
import { useAccounts } from '../api/accounts';
import { AccountsTable } from './accounts-table';

const PRIVILEGES: readonly Privilege[] = ['owner', 'admin', 'main'];
const STATUSES = ['active', 'inactive', 'all'] as const;

export interface AccountFilters {
  search: string;
  privilege: string;
  status: string;
  page: number;
  limit: number;
}

/** Every account, filtered (search, privilege, status) and paged on the server. */
export function AccountsList(props: {
  filters: AccountFilters;
  selected: string;
  onFilter: (changes: Partial<Record<'search' | 'privilege' | 'status', string>>) => void;
  onPage: (page: number) => void;
  onLimit: (limit: number) => void;
}) {
  const { filters } = props;
  const query: AccountListQuery = { page: filters.page, limit: filters.limit };
  if (filters.search.trim()) query.search = filters.search.trim();
  if ((PRIVILEGES as readonly string[]).includes(filters.privilege)) {
    query.privilege = filters.privilege as Privilege;
  }
  if ((STATUSES as readonly string[]).includes(filters.status)) {
    query.status = filters.status as (typeof STATUSES)[number];
  }
  const accounts = useAccounts(query);
  const filtered = Boolean(query.search || query.privilege || query.status);

  return (
    <Paper component="section" aria-label="Account list">
      <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1.5, p: 2, pb: 1 }}>
        <SearchField
          label="Search accounts"
          placeholder="Email, name or business id"
          value={filters.search}
          onChange={(search) => props.onFilter({ search })}
        />
        <SelectField
          id="accounts-privilege"
          label="Filter by privilege"
          value={filters.privilege}
          width={170}
          options={[['', 'Any privilege'], ...PRIVILEGES.map((p) => [p, p] as const)]}
          onChange={(privilege) => props.onFilter({ privilege })}
        />
        <SelectField
          id="accounts-status"
          label="Filter by status"
          value={filters.status}
          width={150}
          options={[
            ['', 'Any status'],
            ['active', 'Active'],
            ['inactive', 'Inactive'],
          ]}
          onChange={(status) => props.onFilter({ status })}
        />
      </Box>
      <PagedList
        query={accounts}
        loadingLabel="Loading accounts"
        onPage={props.onPage}
        onLimit={props.onLimit}
        empty={
          <EmptyState title={filtered ? 'No account matches these filters' : 'No accounts yet'}>
            {filtered
              ? 'Clear the search or pick another privilege.'
              : 'Create one with "New account".'}
          </EmptyState>
        }
      >
        {(items) => <AccountsTable accounts={items} selected={props.selected} />}
      </PagedList>
    </Paper>
  );
}
