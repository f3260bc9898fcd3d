import TextField from '@mui/material/TextField';
import type { ReactNode } from 'react';

/** A native select (a combobox to assistive technology) over labelled options. */
export function SelectField<V extends string>(props: {
  id: string;
  label: string;
  value: V;
  options: readonly (readonly [V, string])[] | Readonly<Record<V, string>>;
  onChange: (value: V) => void;
  helperText?: ReactNode;
  error?: boolean;
  required?: boolean;
  width?: number;
}) {
  const options = Array.isArray(props.options)
    ? (props.options as readonly (readonly [V, string])[])
    : (Object.entries(props.options) as [V, string][]);
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      required={props.required}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value as V)}
      error={props.error}
      helperText={props.helperText}
      slotProps={{ select: { native: true } }}
      sx={props.width ? { width: props.width } : undefined}
    >
      {options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </TextField>
  );
}
