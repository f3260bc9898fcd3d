import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { useUrlState } from '../../../components/ui/use-url-state';
import { useAccount } from '../../../features/accounts/api/accounts';
import { AccountEditor } from '../../../features/accounts/components/account-editor';
import { AccountsList } from '../../../features/accounts/components/accounts-list';
import { NewAccountDialog } from '../../../features/accounts/components/new-account-dialog';
import { useAuth } from '../../../lib/auth';

const KEYS = ['account', 'search', 'privilege', 'status'] as const;

export default function AccountsRoute() {
  const auth = useAuth();
  const { values, set, page, limit } = useUrlState(KEYS);
  const [creating, setCreating] = useState(false);
  const account = useAccount(values.account);
  const editor = auth.status === 'signed-in' ? auth.claims.privilege : 'owner';
  // keeps the page and the open account when only the selection changes
  const keep = { account: values.account, page: String(page) };

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="Staff and member accounts: find one, open it to edit its fields, privilege or status, or create one."
        action={
          <Button
            variant="contained"
            startIcon={<PersonAddOutlined />}
            onClick={() => setCreating(true)}
          >
            New account
          </Button>
        }
      />
      <Box
        sx={{
          display: 'grid',
          gap: 2.5,
          gridTemplateColumns: { xs: '1fr', xl: 'minmax(0, 3fr) minmax(420px, 2fr)' },
          alignItems: 'start',
        }}
      >
        <AccountsList
          filters={{ ...values, page, limit }}
          selected={values.account}
          onFilter={(changes) => set({ ...changes, account: values.account })}
          onPage={(next) => set({ ...keep, page: String(next) })}
          onLimit={(next) => set({ account: values.account, limit: String(next) })}
        />
        {!values.account ? (
          <Alert severity="info" variant="outlined">
            Open an account by its name to edit it.
          </Alert>
        ) : account.error ? (
          <ErrorAlert error={account.error} title="The account could not be opened" />
        ) : !account.data ? (
          <Skeleton variant="rounded" height={280} />
        ) : (
          <AccountEditor key={account.data.id} account={account.data} editor={editor} />
        )}
      </Box>
      {creating && (
        <NewAccountDialog
          creator={editor}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            set({ account: created.id, search: '', privilege: '', status: '' });
          }}
        />
      )}
    </>
  );
}
