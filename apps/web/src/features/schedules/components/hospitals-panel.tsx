import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import AddBusinessOutlined from '@mui/icons-material/AddBusinessOutlined';
import type { Hospital } from '@medicalink/sdk';
import { useState, type FormEvent } from 'react';
import { DialogFormActions } from '../../../components/ui/dialog-form-actions';
import { EmptyState } from '../../../components/ui/empty-state';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { fieldErrorsOf } from '../../../lib/field-errors';
import { failureOf } from '../../../lib/operation';
import { useCreateHospital } from '../api/schedules';

/** The hospitals, and (admin, main) a new one. */
export function HospitalsPanel(props: { hospitals: Hospital[]; mayCreate: boolean }) {
  const [creating, setCreating] = useState(false);
  return (
    <Paper component="section" aria-labelledby="hospitals-title" sx={{ p: 2.5 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography id="hospitals-title" variant="h2" sx={{ flex: 1 }}>
          Hospitals
        </Typography>
        {props.mayCreate && (
          <Button
            size="small"
            startIcon={<AddBusinessOutlined />}
            onClick={() => setCreating(true)}
          >
            New hospital
          </Button>
        )}
      </Box>
      {props.hospitals.length === 0 ? (
        <EmptyState title="No hospitals yet">
          {props.mayCreate
            ? 'Add the first hospital: schedules are imported for a hospital.'
            : 'An administrator adds hospitals.'}
        </EmptyState>
      ) : (
        <Box component="ul" aria-label="Hospitals" sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {props.hospitals.map((hospital) => (
            <Box
              component="li"
              key={hospital.id}
              sx={{ py: 0.75, borderTop: 1, borderColor: 'divider' }}
            >
              <Typography variant="body2" sx={{ fontWeight: 500 }}>
                {hospital.name}
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {hospital.city ?? 'No city'}
                {hospital.rosterSourceUrl ? ` · roster from ${hospital.rosterSourceUrl}` : ''}
              </Typography>
            </Box>
          ))}
        </Box>
      )}
      {creating && <NewHospitalDialog onClose={() => setCreating(false)} />}
    </Paper>
  );
}

function NewHospitalDialog({ onClose }: { onClose: () => void }) {
  const create = useCreateHospital();
  const [values, setValues] = useState({ name: '', city: '', rosterSourceUrl: '' });
  const failure = failureOf(create.error);
  const errors = fieldErrorsOf(failure, ['name', 'city', 'rosterSourceUrl']);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        name: values.name.trim(),
        ...(values.city.trim() ? { city: values.city.trim() } : {}),
        ...(values.rosterSourceUrl.trim()
          ? { rosterSourceUrl: values.rosterSourceUrl.trim() }
          : {}),
      },
      { onSuccess: onClose },
    );
  };
  return (
    <Dialog
      open
      onClose={create.isPending ? undefined : onClose}
      aria-labelledby="new-hospital-title"
      maxWidth="xs"
      fullWidth
      slotProps={{ paper: { component: 'form', noValidate: true, onSubmit: submit } as object }}
    >
      <DialogTitle id="new-hospital-title">New hospital</DialogTitle>
      <DialogContent sx={{ display: 'grid', gap: 2, pt: '8px !important' }}>
        {errors.other.length > 0 && <ErrorAlert error={create.error} />}
        {(['name', 'city', 'rosterSourceUrl'] as const).map((field) => (
          <TextField
            key={field}
            id={`hospital-${field}`}
            label={{ name: 'Name', city: 'City', rosterSourceUrl: 'Roster address' }[field]}
            required={field === 'name'}
            value={values[field]}
            onChange={(event) => setValues({ ...values, [field]: event.target.value })}
            error={Boolean(errors.fields[field])}
            helperText={errors.fields[field]}
          />
        ))}
      </DialogContent>
      <DialogFormActions submit="Create hospital" busy={create.isPending} onCancel={onClose} />
    </Dialog>
  );
}
