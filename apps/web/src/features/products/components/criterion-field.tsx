import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import type { ProductOption } from '@medicalink/sdk';

/**
 * The values one audience criterion admits: type to filter, arrows and Enter to pick, each
 * choice a chip. Empty admits everyone.
 */
export function CriterionField(props: {
  name: string;
  label: string;
  options: readonly ProductOption[] | undefined;
  value: readonly number[];
  onChange: (values: number[]) => void;
  error?: string | undefined;
}) {
  const byValue = new Map(props.options?.map((option) => [option.value, option]));
  const selected = props.value.map(
    (value) => byValue.get(value) ?? { value, label: `Unknown (${value})` },
  );
  return (
    <Autocomplete
      multiple
      id={`field-${props.name}`}
      options={props.options ?? []}
      loading={!props.options}
      value={selected}
      onChange={(_, options) => props.onChange(options.map((option) => option.value))}
      getOptionLabel={(option) => option.label}
      isOptionEqualToValue={(option, value) => option.value === value.value}
      disableCloseOnSelect
      filterSelectedOptions
      size="small"
      renderInput={(params) => (
        <TextField
          {...params}
          label={props.label}
          placeholder={selected.length === 0 ? 'Open to all' : undefined}
          error={Boolean(props.error)}
          helperText={props.error}
        />
      )}
    />
  );
}
