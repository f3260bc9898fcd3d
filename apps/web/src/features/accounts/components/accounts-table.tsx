import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { Account } from '@medicalink/sdk';
import { Link as RouterLink, useLocation } from 'react-router';
import { DateTime } from '../../../components/ui/date-time';
import { StateChip } from '../../../components/ui/state-chip';

/** The accounts of one page; a name opens the account's editor (its id kept in the URL). */
export function AccountsTable({ accounts, selected }: { accounts: Account[]; selected: string }) {
  const location = useLocation();
  const linkTo = (id: string) => {
    const params = new URLSearchParams(location.search);
    params.set('account', id);
    return `${location.pathname}?${params.toString()}`;
  };
  return (
    <TableContainer>
      <Table aria-label="Accounts" size="small">
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Privilege</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Business id</TableCell>
            <TableCell>Created</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {accounts.map((account) => (
            <TableRow key={account.id} hover selected={account.id === selected}>
              <TableCell>
                <Link
                  component={RouterLink}
                  to={linkTo(account.id)}
                  aria-current={account.id === selected ? 'true' : undefined}
                  sx={{ fontWeight: 500 }}
                >
                  {account.fullName}
                </Link>
              </TableCell>
              <TableCell sx={{ color: 'text.secondary' }}>{account.email}</TableCell>
              <TableCell>
                <StateChip label={account.privilege} tone="info" />
              </TableCell>
              <TableCell>
                <StateChip
                  label={account.isActive ? 'Active' : 'Inactive'}
                  tone={account.isActive ? 'success' : 'neutral'}
                />
              </TableCell>
              <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                {account.businessId ?? '—'}
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                <DateTime value={account.createdAt} dateOnly />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
