import Dialog from '@mui/material/Dialog';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import type { ReactNode } from 'react';
import { DialogFormActions } from './dialog-form-actions';

/** Asks before an operation that changes something for others (a retry, a replay). */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  confirm: string;
  busy?: boolean;
  onConfirm: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={props.open}
      onClose={props.busy ? undefined : props.onClose}
      aria-labelledby="confirm-title"
      maxWidth="xs"
      fullWidth
    >
      <DialogTitle id="confirm-title">{props.title}</DialogTitle>
      <DialogContent>{props.children}</DialogContent>
      <DialogFormActions
        submit={props.confirm}
        busy={props.busy}
        onCancel={props.onClose}
        onConfirm={props.onConfirm}
      />
    </Dialog>
  );
}
