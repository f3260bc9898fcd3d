import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import type { Doctor } from '@medicalink/sdk';
import { useState } from 'react';
import { ErrorAlert } from '../../../components/ui/error-alert';
import { useSetDoctorActive } from '../api/set-doctor-active';

/** Deactivate (with a confirmation) or reactivate a doctor. */
export function DeactivateDoctor({ doctor }: { doctor: Doctor }) {
  const update = useSetDoctorActive(doctor.id);
  const [confirming, setConfirming] = useState(false);
  if (!doctor.isActive) {
    return (
      <Button variant="outlined" onClick={() => update.mutate(true)} disabled={update.isPending}>
        Reactivate
      </Button>
    );
  }
  return (
    <>
      <Button variant="outlined" color="error" onClick={() => setConfirming(true)}>
        Deactivate
      </Button>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="deactivate-title"
        maxWidth="xs"
      >
        <DialogTitle id="deactivate-title">Deactivate {doctor.fullName}?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The doctor leaves the doctors list and searches. The profile is kept, and can be
            reactivated.
          </DialogContentText>
          {update.error && <ErrorAlert error={update.error} />}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)} disabled={update.isPending}>
            Cancel
          </Button>
          <Button
            color="error"
            variant="contained"
            disabled={update.isPending}
            onClick={() => update.mutate(false, { onSuccess: () => setConfirming(false) })}
          >
            Deactivate
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
