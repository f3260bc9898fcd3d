import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { Account, Privilege, UpdateAccountInput } from '@medicalink/sdk';
import { useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../../components/ui/confirm-dialog';
import { DateTime } from '../../../components/ui/date-time';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { SelectField } from '../../../components/ui/select-field';
import { StateChip } from '../../../components/ui/state-chip';
import { fieldErrorsOf } from '../../../lib/field-errors';
import { failureOf } from '../../../lib/operation';
import { useDeactivateAccount, useUpdateAccount } from '../api/accounts';
import { AccountPermissions } from './account-permissions';
import { grantable, mayManage, PRIVILEGE_LABELS, rankRule } from './privileges';

/**
 * An account's fields, editable by privilege: everyone's own name, birth date and phone; staff
 * also the business id, membership, privilege (never above their own) and whether it is
 * active. The API decides; its refusal is shown where the change was made.
 */
export function AccountEditor({ account, editor }: { account: Account; editor: Privilege }) {
  const update = useUpdateAccount(account.id);
  const deactivate = useDeactivateAccount(account.id);
  const [confirming, setConfirming] = useState(false);
  const staffFields = mayManage(editor, account.privilege);
  const [values, setValues] = useState(() => formOf(account));
  // the account as saved (or changed elsewhere) replaces the form; the save's outcome stays shown
  const [shownVersion, setShownVersion] = useState(account.updatedAt);
  if (account.updatedAt !== shownVersion) {
    setShownVersion(account.updatedAt);
    setValues(formOf(account));
  }
  const set = (changes: Partial<typeof values>) => setValues({ ...values, ...changes });
  // a refusal naming a field (the privilege) is shown on it as well as above the buttons
  const refused = fieldErrorsOf(failureOf(update.error), ['privilege', 'businessId']).fields;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes: UpdateAccountInput = {};
    if (values.fullName !== account.fullName) changes.fullName = values.fullName.trim();
    if (values.phone !== (account.phone ?? '')) changes.phone = values.phone.trim() || null;
    if (values.dob !== (account.dob ?? '')) changes.dob = values.dob || null;
    if (staffFields) {
      if (values.businessId !== (account.businessId ?? ''))
        changes.businessId = values.businessId.trim() || null;
      if (values.membershipExpiresAt !== (account.membershipExpiresAt?.slice(0, 10) ?? ''))
        changes.membershipExpiresAt = values.membershipExpiresAt
          ? new Date(`${values.membershipExpiresAt}T23:59:59Z`).toISOString()
          : null;
      if (values.privilege !== account.privilege) changes.privilege = values.privilege;
      if (values.isActive !== account.isActive) changes.isActive = values.isActive;
    }
    update.mutate(changes);
  };

  return (
    <Paper
      component="form"
      noValidate
      onSubmit={submit}
      aria-labelledby="account-title"
      sx={{ p: 2.5 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Typography id="account-title" variant="h2" sx={{ flex: 1 }}>
          {account.fullName}
        </Typography>
        <StateChip label={account.privilege} tone="info" />
        <StateChip
          label={account.isActive ? 'Active' : 'Inactive'}
          tone={account.isActive ? 'success' : 'neutral'}
        />
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 2 }}>
        {account.email} · created <DateTime value={account.createdAt} /> · updated{' '}
        <DateTime value={account.updatedAt} />
      </Typography>
      {!staffFields && (
        <Alert severity="info" sx={{ mb: 2 }}>
          An admin does not change a main account: the server refuses it. Only a main account may.
        </Alert>
      )}
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
        <TextField
          id="account-full-name"
          label="Full name"
          value={values.fullName}
          onChange={(e) => set({ fullName: e.target.value })}
        />
        <TextField
          id="account-phone"
          label="Phone"
          value={values.phone}
          onChange={(e) => set({ phone: e.target.value })}
        />
        <TextField
          id="account-dob"
          label="Date of birth"
          type="date"
          value={values.dob}
          onChange={(e) => set({ dob: e.target.value })}
        />
        {staffFields && (
          <>
            <TextField
              id="account-business-id"
              label="Business id"
              value={values.businessId}
              onChange={(e) => set({ businessId: e.target.value })}
              error={Boolean(refused['businessId'])}
              helperText={refused['businessId'] ?? 'Education registrations use it'}
            />
            <TextField
              id="account-membership"
              label="Membership ends"
              type="date"
              value={values.membershipExpiresAt}
              onChange={(e) => set({ membershipExpiresAt: e.target.value })}
              helperText="Decides a graduate's category"
            />
            <SelectField
              id="account-privilege"
              label="Privilege"
              value={values.privilege}
              options={grantable(editor).map((p) => [p, PRIVILEGE_LABELS[p]] as const)}
              onChange={(privilege) => set({ privilege })}
              error={Boolean(refused['privilege'])}
              helperText={refused['privilege'] ?? rankRule(editor)}
            />
            <FormControlLabel
              control={
                <Switch
                  checked={values.isActive}
                  onChange={(e) => set({ isActive: e.target.checked })}
                />
              }
              label="Active"
            />
          </>
        )}
      </Box>
      <AccountPermissions permissions={account.permissions} />
      {update.error && (
        <Box sx={{ mt: 2 }}>
          <ErrorAlert error={update.error} title="The change was refused" />
        </Box>
      )}
      {update.isSuccess && (
        <Alert severity="success" sx={{ mt: 2 }}>
          Saved.
          {update.variables?.privilege || update.variables?.isActive === false
            ? ' Their current sign-ins have ended.'
            : ''}
        </Alert>
      )}
      {deactivate.error && (
        <Box sx={{ mt: 2 }}>
          <ErrorAlert error={deactivate.error} title="Deactivation was refused" />
        </Box>
      )}
      <Box sx={{ display: 'flex', gap: 1, justifyContent: 'flex-end', mt: 2 }}>
        {account.isActive && (
          <Button color="error" onClick={() => setConfirming(true)} disabled={deactivate.isPending}>
            Deactivate
          </Button>
        )}
        <Button type="submit" variant="contained" disabled={update.isPending}>
          Save changes
        </Button>
      </Box>
      <ConfirmDialog
        open={confirming}
        title="Deactivate this account?"
        confirm="Deactivate"
        busy={deactivate.isPending}
        onClose={() => setConfirming(false)}
        onConfirm={() => deactivate.mutate(undefined, { onSettled: () => setConfirming(false) })}
      >
        {account.fullName} can no longer sign in; their current sign-ins end within seconds.
      </ConfirmDialog>
    </Paper>
  );
}

function formOf(account: Account) {
  return {
    fullName: account.fullName,
    phone: account.phone ?? '',
    dob: account.dob ?? '',
    businessId: account.businessId ?? '',
    membershipExpiresAt: account.membershipExpiresAt?.slice(0, 10) ?? '',
    privilege: account.privilege,
    isActive: account.isActive,
  };
}
