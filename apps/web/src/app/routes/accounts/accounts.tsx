import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { PageHeader } from '../../../components/ui/page-header';
import { useUrlState } from '../../../components/ui/use-url-state';
import { useAccount } from '../../../features/accounts/api/accounts';
import { AccountEditor } from '../../../features/accounts/components/account-editor';
import { NewAccountDialog } from '../../../features/accounts/components/new-account-dialog';
import { useAuth } from '../../../lib/auth';

const KEYS = ['account'] as const;

export default function AccountsRoute() {
  const auth = useAuth();
  const { values, set } = useUrlState(KEYS);
  const [creating, setCreating] = useState(false);
  const [typed, setTyped] = useState(values.account);
  const account = useAccount(values.account);
  const editor = auth.status === 'signed-in' ? auth.claims.privilege : 'owner';

  const openAccount = (event: FormEvent) => {
    event.preventDefault();
    set({ account: typed.trim() });
  };

  return (
    <>
      <PageHeader
        title="Accounts"
        subtitle="Staff and member accounts: create one, open one by its id to edit, deactivate it or change its privilege."
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
      <Box sx={{ display: 'grid', gap: 2.5, maxWidth: 860 }}>
        <Paper
          component="form"
          onSubmit={openAccount}
          sx={{ p: 2, display: 'flex', gap: 1.5, alignItems: 'flex-start', flexWrap: 'wrap' }}
        >
          <TextField
            id="account-id"
            label="Account id"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            helperText="An account's id, e.g. from a doctor's page or a registration"
            sx={{ flex: 1, minWidth: 280 }}
          />
          <Button type="submit" variant="outlined" sx={{ mt: 0.25 }}>
            Open account
          </Button>
        </Paper>
        {!values.account ? (
          <Alert severity="info" variant="outlined">
            The gateway has no account list yet: open an account by its id, or create one.
          </Alert>
        ) : account.error ? (
          <ErrorAlert error={account.error} title="The account could not be opened" />
        ) : !account.data ? (
          <Skeleton variant="rounded" height={280} />
        ) : (
          <AccountEditor key={account.data.updatedAt} account={account.data} editor={editor} />
        )}
      </Box>
      {creating && (
        <NewAccountDialog
          creator={editor}
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setTyped(created.id);
            set({ account: created.id });
          }}
        />
      )}
    </>
  );
}
