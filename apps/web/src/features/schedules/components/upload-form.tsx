import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Paper from '@mui/material/Paper';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import UploadFileOutlined from '@mui/icons-material/UploadFileOutlined';
import type { Hospital } from '@medicalink/sdk';
import { useMemo, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { SelectField } from '../../../components/ui/select-field';
import { paths } from '../../../config/paths';
import { useUploadSchedule } from '../api/schedules';
import { ACCEPTED_TYPES, acceptedFile, TEMPLATE_CSV } from '../lib/template';

/**
 * The upload: a hospital, a spreadsheet dropped on the zone or picked, an optional roster
 * address; the import page opens once the gateway has accepted it (202).
 */
export function UploadForm({ hospitals }: { hospitals: Hospital[] }) {
  const upload = useUploadSchedule();
  const navigate = useNavigate();
  const [hospitalId, setHospitalId] = useState(hospitals[0]?.id ?? '');
  const [file, setFile] = useState<File | null>(null);
  const [rosterSourceUrl, setRosterSourceUrl] = useState('');
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<string | null>(null);
  const template = useMemo(
    () => URL.createObjectURL(new Blob([TEMPLATE_CSV], { type: 'text/csv' })),
    [],
  );

  const pick = (picked: File | undefined) => {
    if (!picked) return;
    if (!acceptedFile(picked.name)) {
      setRefused(`${picked.name} is not an .ods, .xlsx or .csv file.`);
      return;
    }
    setRefused(null);
    setFile(picked);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    pick(event.dataTransfer.files[0]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    upload.mutate(
      {
        file,
        fileName: file.name,
        hospitalId: hospitalId || (hospitals[0]?.id ?? ''),
        ...(rosterSourceUrl.trim() ? { rosterSourceUrl: rosterSourceUrl.trim() } : {}),
      },
      { onSuccess: (accepted) => void navigate(paths.scheduleImport(accepted.importId)) },
    );
  };

  return (
    <Paper
      component="form"
      aria-labelledby="upload-title"
      noValidate
      onSubmit={submit}
      sx={{ p: 2.5 }}
    >
      <Typography id="upload-title" variant="h2">
        Import a schedule
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5, mb: 2 }}>
        A spreadsheet with the columns date, start, end, unit, shift and required (any order).{' '}
        <Link href={template} download="schedule-template.csv" underline="always">
          Download the template
        </Link>
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
        <SelectField
          id="import-hospital"
          label="Hospital"
          required
          value={hospitalId || (hospitals[0]?.id ?? '')}
          options={hospitals.map((hospital) => [hospital.id, hospital.name] as const)}
          onChange={setHospitalId}
        />
        <TextField
          id="import-roster"
          label="Roster address (optional)"
          type="url"
          value={rosterSourceUrl}
          onChange={(event) => setRosterSourceUrl(event.target.value)}
          helperText="Where the staff roster is fetched from; only allowed hosts are fetched"
        />
        <Box
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          sx={{
            gridColumn: '1 / -1',
            position: 'relative',
            border: 2,
            borderStyle: 'dashed',
            borderColor: dragging ? 'primary.main' : 'divider',
            bgcolor: dragging ? 'action.hover' : 'transparent',
            borderRadius: 1.5,
            p: 3,
            textAlign: 'center',
          }}
        >
          <UploadFileOutlined color="primary" sx={{ fontSize: 32 }} aria-hidden />
          <Typography variant="body2" sx={{ mt: 0.5 }}>
            {file ? (
              <>
                <strong>{file.name}</strong> · {(file.size / 1024).toFixed(1)} KB
              </>
            ) : (
              'Drop an .ods, .xlsx or .csv file here, or'
            )}
          </Typography>
          <Button
            variant="outlined"
            size="small"
            sx={{ mt: 1 }}
            onClick={() => fileInput.current?.click()}
          >
            {file ? 'Choose another file' : 'Choose a file'}
          </Button>
          {/* the button opens it: out of the tab order, still named for assistive technology */}
          <Box
            component="input"
            ref={fileInput}
            type="file"
            tabIndex={-1}
            aria-label="Schedule file"
            accept={ACCEPTED_TYPES}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => pick(event.target.files?.[0])}
            sx={{
              position: 'absolute',
              width: 1,
              height: 1,
              overflow: 'hidden',
              clipPath: 'inset(50%)',
              whiteSpace: 'nowrap',
            }}
          />
        </Box>
      </Box>
      {refused && (
        <Alert severity="error" role="alert" sx={{ mt: 2 }}>
          {refused}
        </Alert>
      )}
      {upload.error && (
        <Box sx={{ mt: 2 }}>
          <ErrorAlert error={upload.error} title="The import was refused" />
        </Box>
      )}
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 2 }}>
        <Button type="submit" variant="contained" disabled={!file || upload.isPending}>
          Import
        </Button>
      </Box>
    </Paper>
  );
}
