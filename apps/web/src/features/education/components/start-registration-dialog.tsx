import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { StagedRegistration } from '@medicalink/sdk';
import { useState, type FormEvent } from 'react';
import { DialogFormActions } from '../../../components/ui/dialog-form-actions';
import { failureOf } from '../../../lib/operation';
import { useStageRegistration } from '../api/registrations';
import { useCountries, useUniversities } from '../api/reference';
import { SelectField } from '../../../components/ui/select-field';
import { ACCESS_LABELS, DEGREE_LABELS, PRIORITY_LABELS } from '../lib/registration-steps';
import { registrationErrorsOf } from '../lib/registration-errors';
import { stagingBody, type RegistrationFormValues } from '../lib/registration-form';
import { CollegeField } from './college-field';

/**
 * Stages a registration (POST /education/registrations): the education data with the
 * university and the college from the reference data, the options, the server's refusals on
 * their fields. An owner registers their own business id only.
 */
export function StartRegistrationDialog(props: {
  open: boolean;
  initial: RegistrationFormValues;
  /** an owner's own business id: shown, not editable */
  lockedBusinessId?: boolean;
  /** admin and main may stage a registration whose category is determined without validation */
  maySkipValidation?: boolean;
  onClose: () => void;
  onStaged: (staged: StagedRegistration, values: RegistrationFormValues) => void;
}) {
  const stage = useStageRegistration();
  const [values, setValues] = useState(props.initial);
  const [shownInitial, setShownInitial] = useState(props.initial);
  if (props.initial !== shownInitial) {
    setShownInitial(props.initial);
    setValues(props.initial);
  }
  const countries = useCountries();
  const universities = useUniversities(values.country);
  const errors = registrationErrorsOf(failureOf(stage.error));
  const set = (changes: Partial<RegistrationFormValues>) => setValues({ ...values, ...changes });
  const countryName =
    countries.data?.find((country) => country.code === values.country)?.name ?? values.country;
  const university = universities.data?.find((entry) => entry.id === values.university) ?? null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    stage.mutate(stagingBody(values), {
      onSuccess: (staged) => {
        stage.reset();
        props.onStaged(staged, values);
      },
    });
  };

  return (
    <Dialog
      open={props.open}
      onClose={stage.isPending ? undefined : props.onClose}
      aria-labelledby="start-registration-title"
      maxWidth="sm"
      fullWidth
      slotProps={{ paper: { component: 'form', noValidate: true, onSubmit: submit } as object }}
    >
      <DialogTitle id="start-registration-title">Start a registration</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          The education data is staged first; you then validate it, determine the category, link the
          account and create the record, one step at a time or all at once.
        </Typography>
        {errors.other.length > 0 && (
          <Alert severity="error" role="alert" sx={{ mb: 2 }}>
            {errors.other.join(' ')}
          </Alert>
        )}
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' } }}>
          <TextField
            id="registration-business-id"
            label="Business id"
            required
            value={values.userBusinessId}
            onChange={(event) => set({ userBusinessId: event.target.value })}
            error={Boolean(errors.fields['userBusinessId'])}
            helperText={
              errors.fields['userBusinessId'] ??
              (props.lockedBusinessId
                ? "Your account's business id"
                : "The member's business id, as on their account")
            }
            slotProps={{ htmlInput: { readOnly: props.lockedBusinessId } }}
          />
          <TextField
            id="registration-graduation-year"
            label="Graduation year"
            type="number"
            required
            value={values.graduationYear}
            onChange={(event) => set({ graduationYear: event.target.value })}
            error={Boolean(errors.fields['graduationYear'])}
            helperText={
              errors.fields['graduationYear'] ?? 'Decides the category with the membership'
            }
          />
          <SelectField
            id="registration-country"
            label="Country"
            required
            value={values.country}
            options={(countries.data ?? [{ code: values.country, name: values.country }]).map(
              (country) => [country.code, country.name] as const,
            )}
            onChange={(country) => set({ country, university: '' })}
            error={Boolean(errors.fields['country'])}
            helperText={errors.fields['country']}
          />
          <Autocomplete
            options={universities.data ?? []}
            getOptionLabel={(option) => option.name}
            value={university}
            onChange={(_, picked) => set({ university: picked?.id ?? '' })}
            loading={universities.isLoading}
            renderInput={(params) => (
              <TextField
                {...params}
                id="registration-university"
                label="University"
                required
                error={Boolean(errors.fields['university'])}
                helperText={errors.fields['university'] ?? `Universities in ${countryName}`}
              />
            )}
          />
          <CollegeField
            country={values.country}
            countryName={countryName}
            value={values.college}
            onChange={(college) => set({ college })}
            error={errors.fields['college']}
          />
          <SelectField
            id="registration-degree-type"
            label="Degree type"
            value={values.degreeType}
            options={DEGREE_LABELS}
            onChange={(degreeType) => set({ degreeType })}
            error={Boolean(errors.fields['degreeType'])}
            helperText={errors.fields['degreeType']}
          />
          <SelectField
            id="registration-access"
            label="Access modifier"
            value={values.accessModifier}
            options={ACCESS_LABELS}
            onChange={(accessModifier) => set({ accessModifier })}
            helperText="Who may read the record besides its owner"
          />
          <TextField
            id="registration-expiration"
            label="Expires after (hours)"
            type="number"
            value={values.expirationHours}
            onChange={(event) => set({ expirationHours: event.target.value })}
            error={Boolean(errors.fields['expirationHours'])}
            helperText={errors.fields['expirationHours'] ?? 'Up to 72 hours to finish'}
          />
          <SelectField
            id="registration-priority"
            label="Priority"
            value={values.priority}
            options={PRIORITY_LABELS}
            onChange={(priority) => set({ priority })}
            helperText="Shown with the registration"
          />
          {props.maySkipValidation && (
            <FormControlLabel
              sx={{ gridColumn: '1 / -1' }}
              control={
                <Checkbox
                  checked={values.skipValidation}
                  onChange={(event) => set({ skipValidation: event.target.checked })}
                />
              }
              label="Skip validation: the category may be determined without it"
            />
          )}
        </Box>
      </DialogContent>
      <DialogFormActions
        submit="Stage registration"
        busy={stage.isPending}
        onCancel={props.onClose}
      />
    </Dialog>
  );
}
