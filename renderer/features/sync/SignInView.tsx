/**
 * Signing this device in to the team server: the server's address, the user name and
 * password, and a name for this device. Every refusal is shown where it belongs: next to its
 * field, or above the form (server unreachable, not a sync server, too many attempts).
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import type { SignInInput } from '../../../shared/core/sync/sign-in';
import type { SignInReply, SyncSessionInfo } from '../../../shared/ipc/contract';
import {
  plainHttpWarning,
  signInErrorsOf,
  type SignInErrors,
  type SignInField,
} from './sign-in-form';

export interface SignInViewProps {
  /** The form's first values (the last sign-in's server, user and device). */
  initial: SignInInput;
  onSignIn: (input: SignInInput) => Promise<SignInReply>;
  onSignedIn?: (session: SyncSessionInfo) => void;
  onCancel?: () => void;
  /** Why the form is shown again, e.g. the server no longer accepts this device. */
  reason?: string;
}

const LABELS: Record<SignInField, string> = {
  serverUrl: 'Server address',
  userName: 'User name',
  password: 'Password',
  deviceName: 'Name of this device',
};

const HINTS: Partial<Record<SignInField, string>> = {
  serverUrl: 'For example https://sync.plant-a.example',
  deviceName: 'Shown to administrators, e.g. “Line 3 tablet”',
};

export function SignInView(props: SignInViewProps) {
  const [values, setValues] = useState<SignInInput>(props.initial);
  const [errors, setErrors] = useState<SignInErrors>({ fields: {}, general: '' });
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const warning = plainHttpWarning(values.serverUrl);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const reply = await props.onSignIn(values);
      if (reply.outcome === 'signed-in') {
        setErrors({ fields: {}, general: '' });
        props.onSignedIn?.(reply.session);
      } else {
        setErrors(signInErrorsOf(reply.failure));
        if (reply.failure.reason === 'wrong-credentials') {
          setValues((current) => ({ ...current, password: '' }));
        }
      }
    } catch (error) {
      setErrors({
        fields: {},
        general: `Signing in failed: ${error instanceof Error ? error.message : String(error)}`,
      });
    } finally {
      setBusy(false);
    }
  }

  function field(name: SignInField, extra: { type?: string; autoComplete?: string } = {}) {
    const error = errors.fields[name];
    const hint = name === 'serverUrl' && warning !== undefined ? undefined : HINTS[name];
    return (
      <TextField
        label={LABELS[name]}
        value={values[name]}
        required
        fullWidth
        disabled={busy}
        error={error !== undefined}
        helperText={error ?? hint}
        onChange={(event) => {
          const value = event.target.value;
          setValues((current) => ({ ...current, [name]: value }));
          setErrors((current) => {
            const { [name]: _dropped, ...fields } = current.fields;
            return { ...current, fields };
          });
        }}
        {...(extra.type !== undefined && { type: extra.type })}
        {...(extra.autoComplete !== undefined && { autoComplete: extra.autoComplete })}
      />
    );
  }

  return (
    <Stack
      component="form"
      spacing={2}
      onSubmit={(event: FormEvent) => void submit(event)}
      noValidate
      aria-labelledby={titleId}
      aria-busy={busy}
      sx={{ maxWidth: 420 }}
    >
      <Typography id={titleId} variant="h6" component="h2">
        Sign in to your team’s server
      </Typography>
      <Typography color="text.secondary" variant="body2">
        Issues you report here are shared with your team once this device is signed in. Work goes on
        without a connection; changes are sent when it returns.
      </Typography>
      {props.reason !== undefined && (
        <Alert severity="warning" role="note">
          {props.reason}
        </Alert>
      )}
      {errors.general !== '' && (
        <Alert severity="error" role="alert">
          {errors.general}
        </Alert>
      )}
      {field('serverUrl', { autoComplete: 'url' })}
      {warning !== undefined && (
        <Alert severity="info" role="note">
          {warning}
        </Alert>
      )}
      {field('userName', { autoComplete: 'username' })}
      {field('password', { type: 'password', autoComplete: 'current-password' })}
      {field('deviceName')}
      <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
        {props.onCancel && (
          <Button onClick={props.onCancel} disabled={busy}>
            Cancel
          </Button>
        )}
        <Button
          type="submit"
          variant="contained"
          disabled={busy}
          startIcon={busy ? <CircularProgress size={16} color="inherit" /> : undefined}
        >
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
      </Stack>
    </Stack>
  );
}
