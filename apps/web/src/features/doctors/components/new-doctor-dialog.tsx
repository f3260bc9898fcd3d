import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import type { CreateDoctorInput, CreateDoctorResponse } from '@medicalink/sdk';
import { useState, type FormEvent } from 'react';
import { DialogFormActions } from '../../../components/ui/dialog-form-actions';
import { failureOf } from '../../../lib/operation';
import { fieldErrorsOf } from '../../../lib/field-errors';
import { useCreateDoctor } from '../api/create-doctor';
import { SagaFailure, sagaOutcomeOf } from './saga-failure';

const FIELDS = [
  { name: 'fullName', label: 'Full name', required: true },
  { name: 'email', label: 'Email', required: true, type: 'email' },
  {
    name: 'password',
    label: 'Initial password',
    required: true,
    type: 'password',
    help: 'At least 12 characters; the doctor changes it after signing in',
  },
  { name: 'specialty', label: 'Specialty', required: true },
  { name: 'licenseNumber', label: 'Licence number', required: true },
  { name: 'phone', label: 'Phone' },
  { name: 'dob', label: 'Date of birth', type: 'date' },
] as const;

type Values = Record<(typeof FIELDS)[number]['name'] | 'bio', string>;
const EMPTY: Values = {
  fullName: '',
  email: '',
  password: '',
  specialty: '',
  licenseNumber: '',
  phone: '',
  dob: '',
  bio: '',
};

/** The doctor-creation saga from a form: its field errors in place, a failed step explained. */
export function NewDoctorDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: (created: CreateDoctorResponse) => void;
}) {
  const create = useCreateDoctor();
  const [values, setValues] = useState<Values>(EMPTY);
  const failure = failureOf(create.error);
  const outcome = sagaOutcomeOf(failure);
  const errors = fieldErrorsOf(outcome ? undefined : failure, [
    ...FIELDS.map((f) => f.name),
    'bio',
  ]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input: Record<string, string> = {};
    for (const [key, value] of Object.entries(values))
      if (value.trim() !== '') input[key] = key === 'password' ? value : value.trim();
    create.mutate(input as unknown as CreateDoctorInput, {
      onSuccess: (created) => {
        setValues(EMPTY);
        create.reset();
        props.onCreated(created);
      },
    });
  };

  return (
    <Dialog
      open={props.open}
      onClose={create.isPending ? undefined : props.onClose}
      aria-labelledby="new-doctor-title"
      maxWidth="sm"
      fullWidth
      // The dialog's paper is the form: its content scrolls between a fixed title and actions.
      slotProps={{ paper: { component: 'form', noValidate: true, onSubmit: submit } as object }}
    >
      <DialogTitle id="new-doctor-title">New doctor</DialogTitle>
      <DialogContent>
        <Alert severity="info" sx={{ mb: 2 }}>
          Creates the doctor&apos;s account, then the profile, then the permissions; if a step
          fails, the steps before it are undone.
        </Alert>
        {outcome && failure && (
          <Box sx={{ mb: 2 }}>
            <SagaFailure failure={failure} outcome={outcome} />
          </Box>
        )}
        {!outcome && errors.other.length > 0 && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {errors.other.join(' ')}
          </Alert>
        )}
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' },
            pt: 1,
          }}
        >
          {FIELDS.map((field) => (
            <TextField
              key={field.name}
              id={`doctor-${field.name}`}
              label={field.label}
              type={'type' in field ? field.type : 'text'}
              required={'required' in field}
              value={values[field.name]}
              onChange={(event) => setValues({ ...values, [field.name]: event.target.value })}
              error={Boolean(errors.fields[field.name])}
              helperText={errors.fields[field.name] ?? ('help' in field ? field.help : undefined)}
              autoComplete={field.name === 'password' ? 'new-password' : 'off'}
              fullWidth
            />
          ))}
          <TextField
            id="doctor-bio"
            label="Biography"
            value={values.bio}
            onChange={(event) => setValues({ ...values, bio: event.target.value })}
            error={Boolean(errors.fields['bio'])}
            helperText={errors.fields['bio']}
            multiline
            minRows={2}
            fullWidth
            sx={{ gridColumn: { sm: 'span 2' } }}
          />
        </Box>
      </DialogContent>
      <DialogFormActions submit="Create doctor" busy={create.isPending} onCancel={props.onClose} />
    </Dialog>
  );
}
