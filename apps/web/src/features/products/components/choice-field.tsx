import TextField from '@mui/material/TextField';
import type { ProductOption } from '@medicalink/sdk';

/**
 * One choice of an option set: a native select (a combobox to assistive technology, fast,
 * keyboard-friendly everywhere) showing labels; the value is the option's integer as text.
 */
export function ChoiceField(props: {
  name: string;
  label: string;
  value: string;
  options: readonly ProductOption[] | undefined;
  onChange: (value: string) => void;
  error?: string | undefined;
  helperText?: string;
  required?: boolean;
  placeholder?: string;
}) {
  const id = `field-${props.name}`;
  return (
    <TextField
      id={id}
      name={props.name}
      select
      label={props.label}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      error={Boolean(props.error)}
      helperText={props.error ?? props.helperText}
      required={props.required}
      fullWidth
      disabled={!props.options}
      slotProps={{ select: { native: true } }}
    >
      <option value="">{props.options ? (props.placeholder ?? 'Choose…') : 'Loading…'}</option>
      {props.options?.map((option) => (
        <option key={option.value} value={String(option.value)}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
}
