import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import { failureOf } from '../../lib/operation';

/** An API failure where it happened: the gateway's message, its field errors, and a retry. */
export function ErrorAlert(props: { error: unknown; title?: string; onRetry?: () => void }) {
  const failure = failureOf(props.error);
  const message =
    failure?.error ?? (props.error instanceof Error ? props.error.message : String(props.error));
  const operationId = failure?.details?.['operationId'];
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        props.onRetry && (
          <Button color="inherit" size="small" onClick={props.onRetry}>
            Try again
          </Button>
        )
      }
    >
      {props.title && <AlertTitle>{props.title}</AlertTitle>}
      {message}
      {typeof operationId === 'string' && (
        <Typography
          component="span"
          variant="caption"
          sx={{ display: 'block', mt: 0.5, opacity: 0.8 }}
        >
          Reference {operationId}
        </Typography>
      )}
    </Alert>
  );
}
