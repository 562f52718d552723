/**
 * The web edition's first run: who is using this browser, and in which role. Kept on this
 * device until sign-in with a team server exists; it decides which workflow transitions are
 * offered and is written into the history of every change.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { ROLES, type Role } from '../../../shared/domain';
import { refusalOf } from '../../components/field-problems';
import type { LocalIdentity, LocalProfile } from '../../platform/bridge';

const ROLE_TEXT: Record<Role, string> = {
  technician: 'Technician: reports and works on issues',
  supervisor: 'Supervisor: also closes issues and sets up locations, workflows and rules',
  admin: 'Administrator: everything',
};

export interface IdentityDialogProps {
  identity: LocalIdentity;
  open: boolean;
  /** Changing an existing profile (the page reloads to act as the new one). */
  changing?: boolean;
  onSaved: (profile: LocalProfile) => void;
  onCancel?: () => void;
}

export function IdentityDialog(props: IdentityDialogProps) {
  const current = props.identity.current();
  const [name, setName] = useState(current?.userId ?? '');
  const [role, setRole] = useState<Role>(current?.role ?? 'technician');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | undefined>();
  const titleId = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    try {
      props.onSaved(props.identity.save({ userId: name, role }));
    } catch (error) {
      const refusal = refusalOf(error, ['userId', 'role']);
      setErrors(refusal.fields);
      setGeneral(refusal.general);
    }
  }

  return (
    <Dialog
      open={props.open}
      fullWidth
      maxWidth="xs"
      aria-labelledby={titleId}
      {...(props.onCancel && { onClose: props.onCancel })}
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>
          {props.changing ? 'Change your name or role' : 'Welcome to AutoEscalate'}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>
              Your name is recorded with every issue, comment and change you make on this device. It
              stays in this browser until you sign in to a team server.
            </DialogContentText>
            {general !== undefined && <Alert severity="error">{general}</Alert>}
            <TextField
              label="Your name"
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                setErrors(({ userId: _dropped, ...rest }) => rest);
              }}
              required
              autoFocus
              autoComplete="name"
              error={errors.userId !== undefined}
              helperText={errors.userId ?? ' '}
            />
            <TextField
              select
              label="Role"
              value={role}
              onChange={(event) => setRole(event.target.value as Role)}
              error={errors.role !== undefined}
              helperText={errors.role ?? ROLE_TEXT[role]}
            >
              {ROLES.map((r) => (
                <MenuItem key={r} value={r}>
                  {r.charAt(0).toUpperCase() + r.slice(1)}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          {props.onCancel && <Button onClick={props.onCancel}>Cancel</Button>}
          <Button type="submit" variant="contained">
            {props.changing ? 'Save and reload' : 'Start'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
