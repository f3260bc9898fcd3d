import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import type { Account, CreateAccountInput, Privilege } from '@medicalink/sdk';
import { useState, type FormEvent } from 'react';
import { DialogFormActions } from '../../../components/ui/dialog-form-actions';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { SelectField } from '../../../components/ui/select-field';
import { fieldErrorsOf } from '../../../lib/field-errors';
import { failureOf } from '../../../lib/operation';
import { useCreateAccount } from '../api/accounts';
import { grantable, PRIVILEGE_LABELS } from './privileges';

const FIELDS = [
  { name: 'fullName', label: 'Full name' },
  { name: 'email', label: 'Email', type: 'email' },
  { name: 'password', label: 'Initial password', type: 'password' },
  { name: 'phone', label: 'Phone' },
  { name: 'businessId', label: 'Business id' },
] as const;

/** POST /accounts: a staff or member account, of a privilege no higher than the creator's. */
export function NewAccountDialog(props: {
  creator: Privilege;
  onClose: () => void;
  onCreated: (account: Account) => void;
}) {
  const create = useCreateAccount();
  const [values, setValues] = useState<Record<string, string>>({});
  const [privilege, setPrivilege] = useState<Privilege>('owner');
  const errors = fieldErrorsOf(
    failureOf(create.error),
    FIELDS.map((f) => f.name),
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: Record<string, string> = { privilege };
    for (const [key, value] of Object.entries(values))
      if (value.trim()) input[key] = key === 'password' ? value : value.trim();
    create.mutate(input as unknown as CreateAccountInput, { onSuccess: props.onCreated });
  };
  return (
    <Dialog
      open
      onClose={create.isPending ? undefined : props.onClose}
      aria-labelledby="new-account-title"
      maxWidth="sm"
      fullWidth
      slotProps={{ paper: { component: 'form', noValidate: true, onSubmit: submit } as object }}
    >
      <DialogTitle id="new-account-title">New account</DialogTitle>
      <DialogContent>
        {errors.other.length > 0 && (
          <Box sx={{ mb: 2 }}>
            <ErrorAlert error={create.error} />
          </Box>
        )}
        <Box
          sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, pt: 1 }}
        >
          {FIELDS.map((field) => (
            <TextField
              key={field.name}
              id={`account-new-${field.name}`}
              label={field.label}
              type={'type' in field ? field.type : 'text'}
              required={['fullName', 'email', 'password'].includes(field.name)}
              value={values[field.name] ?? ''}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
              error={Boolean(errors.fields[field.name])}
              helperText={errors.fields[field.name]}
              autoComplete={field.name === 'password' ? 'new-password' : 'off'}
            />
          ))}
          <SelectField
            id="account-new-privilege"
            label="Privilege"
            value={privilege}
            options={grantable(props.creator).map((p) => [p, PRIVILEGE_LABELS[p]] as const)}
            onChange={setPrivilege}
          />
        </Box>
      </DialogContent>
      <DialogFormActions submit="Create account" busy={create.isPending} onCancel={props.onClose} />
    </Dialog>
  );
}
