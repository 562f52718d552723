/**
 * Asks for what a workflow transition requires before it is taken, today the resolution
 * comment ("Resolve" in the default workflow). The comment is checked as it is typed; the
 * core's refusal is shown on the field; nothing moves until the user confirms.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useId, useState, type FormEvent } from 'react';
import { RESOLUTION_COMMENT_MAX } from '../../shared/domain';
import { validateResolutionComment } from '../../shared/validation';
import { refusalOf } from './field-problems';
import { TextCounter } from './TextCounter';

export interface TransitionCommentDialogProps {
  open: boolean;
  issueTitle: string;
  transitionName: string;
  targetName: string;
  onCancel: () => void;
  /** Takes the transition; a rejection is shown in the dialog, which then stays open. */
  onSubmit: (resolutionComment: string) => Promise<void>;
}

function problemOf(text: string): string | undefined {
  try {
    validateResolutionComment(text, { required: true });
    return undefined;
  } catch (error) {
    return refusalOf(error, ['resolutionComment']).fields.resolutionComment;
  }
}

export function TransitionCommentDialog(props: TransitionCommentDialogProps) {
  const [text, setText] = useState('');
  const [touched, setTouched] = useState(false);
  const [saving, setSaving] = useState(false);
  const [refused, setRefused] = useState<{ field?: string; general?: string }>({});
  const titleId = useId();
  const counterId = useId();
  const problem = refused.field ?? (touched ? problemOf(text) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problemOf(text) !== undefined || saving) return;
    setSaving(true);
    setRefused({});
    try {
      await props.onSubmit(text.trim());
      setText('');
      setTouched(false);
    } catch (error) {
      const refusal = refusalOf(error, ['resolutionComment']);
      setRefused({
        ...(refusal.fields.resolutionComment !== undefined && {
          field: refusal.fields.resolutionComment,
        }),
        ...(refusal.general !== undefined && { general: refusal.general }),
      });
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    setText('');
    setTouched(false);
    setRefused({});
    props.onCancel();
  }

  return (
    <Dialog
      open={props.open}
      onClose={saving ? undefined : cancel}
      fullWidth
      maxWidth="sm"
      aria-labelledby={titleId}
    >
      <form onSubmit={(event) => void submit(event)} noValidate>
        <DialogTitle id={titleId}>
          {props.transitionName}: {props.issueTitle}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText>
              Say what was done. The comment is kept with the issue when it moves to{' '}
              {props.targetName}.
            </DialogContentText>
            {refused.general && <Alert severity="error">{refused.general}</Alert>}
            <TextField
              label="Resolution comment"
              value={text}
              onChange={(event) => {
                setText(event.target.value);
                setRefused({});
              }}
              onBlur={() => setTouched(true)}
              required
              autoFocus
              multiline
              minRows={3}
              maxRows={10}
              error={problem !== undefined}
              helperText={problem ?? ' '}
              slotProps={{ htmlInput: { 'aria-describedby': counterId } }}
            />
            <Stack direction="row" sx={{ justifyContent: 'flex-end', mt: -1.5 }}>
              <TextCounter id={counterId} text={text} max={RESOLUTION_COMMENT_MAX} />
            </Stack>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={cancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" loading={saving}>
            {props.transitionName}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
