import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import TextField from '@mui/material/TextField';
import { useDeferredValue } from 'react';
import { useCollegeMatches } from '../api/reference';
import { sameName } from '../lib/registration-form';

/**
 * The college, typed freely with the reference colleges of the country offered as one types
 * (the server's fuzzy search). A name that is not a known college is said at once, with the
 * closest ones as buttons that put them in the field.
 */
export function CollegeField(props: {
  country: string;
  countryName: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}) {
  const typed = useDeferredValue(props.value);
  const matches = useCollegeMatches(props.country, typed);
  const names = (matches.data ?? []).map((college) => college.name);
  const checked = !matches.isPlaceholderData && matches.isSuccess && typed.trim() !== '';
  const unknown = checked && !names.some((name) => sameName(name, typed));
  return (
    <Box sx={{ gridColumn: '1 / -1' }}>
      <Autocomplete
        freeSolo
        options={names}
        filterOptions={(options) => options}
        inputValue={props.value}
        onInputChange={(_, value) => props.onChange(value)}
        renderInput={(params) => (
          <TextField
            {...params}
            id="registration-college"
            label="College"
            error={Boolean(props.error)}
            helperText={props.error ?? 'Optional; start typing to pick one from the reference list'}
          />
        )}
      />
      {unknown && (
        <Alert severity="warning" sx={{ mt: 1 }} aria-label="College check">
          <Box component="span" sx={{ display: 'block' }}>
            &ldquo;{typed}&rdquo; is not a known college in {props.countryName}.
            {names.length > 0 ? ' Did you mean:' : ' Leave it empty if it has none.'}
          </Box>
          {names.length > 0 && (
            <Box sx={{ display: 'flex', flexWrap: 'wrap', gap: 1, mt: 1 }}>
              {names.slice(0, 3).map((name) => (
                <Button
                  key={name}
                  size="small"
                  variant="outlined"
                  color="inherit"
                  onClick={() => props.onChange(name)}
                >
                  Use {name}
                </Button>
              ))}
            </Box>
          )}
        </Alert>
      )}
    </Box>
  );
}
