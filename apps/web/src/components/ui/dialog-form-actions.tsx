import Button from '@mui/material/Button';
import DialogActions from '@mui/material/DialogActions';

/** A dialog's Cancel and its one primary action (a form's submit unless `onConfirm` is given). */
export function DialogFormActions(props: {
  submit: string;
  busy: boolean | undefined;
  onCancel: () => void;
  onConfirm?: () => void;
}) {
  return (
    <DialogActions>
      <Button onClick={props.onCancel} disabled={props.busy}>
        Cancel
      </Button>
      <Button
        type={props.onConfirm ? 'button' : 'submit'}
        variant="contained"
        onClick={props.onConfirm}
        disabled={props.busy}
      >
        {props.submit}
      </Button>
    </DialogActions>
  );
}
