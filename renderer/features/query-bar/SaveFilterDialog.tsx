/**
 * Names the current query and saves it, checked with validateSavedFilter against the current
 * statuses and locations; each problem is shown next to its field.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import { NAME_MAX } from '../../../shared/domain';
import {
  validateSavedFilter,
  type SavedFilter,
  type SavedFilterProblem,
} from '../../../shared/query';
import type { QueryWorld } from './query-analysis';
import { findSavedFilter, upsertSavedFilter } from './saved-filters';

export interface SaveFilterDialogProps {
  query: string;
  filters: readonly SavedFilter[];
  world: QueryWorld | undefined;
  now: () => number;
  onCancel: () => void;
  /** Stores the new list; false when it could not be stored. */
  onSave: (filters: SavedFilter[]) => boolean;
}

export function SaveFilterDialog({
  query,
  filters,
  world,
  now,
  onCancel,
  onSave,
}: SaveFilterDialogProps) {
  const titleId = useId();
  const queryId = useId();
  const [name, setName] = useState('');
  const [problems, setProblems] = useState<SavedFilterProblem[]>([]);
  const [storeFailed, setStoreFailed] = useState(false);
  const existing = name.trim() === '' ? undefined : findSavedFilter(filters, name);

  function submit(event: FormEvent) {
    event.preventDefault();
    const context = world ? { now: now(), ...world } : undefined;
    const result = validateSavedFilter({ name, query }, context);
    if (!result.ok) {
      setProblems(result.problems);
      return;
    }
    setProblems([]);
    setStoreFailed(!onSave(upsertSavedFilter(filters, result.filter)));
  }

  const nameProblem = problems.find((p) => p.field === 'name')?.message;
  const queryProblem = problems.find((p) => p.field !== 'name')?.message;

  return (
    <Dialog open onClose={onCancel} aria-labelledby={titleId} fullWidth maxWidth="sm">
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>Save filter</DialogTitle>
        <DialogContent sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <TextField
            autoFocus
            label="Name"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              setProblems([]);
            }}
            error={nameProblem !== undefined}
            helperText={
              nameProblem ??
              (existing ? `Saving replaces the saved filter “${existing.name}”.` : ' ')
            }
            slotProps={{ htmlInput: { maxLength: NAME_MAX + 20 } }}
            fullWidth
            required
          />
          <div>
            <Typography id={queryId} variant="caption" color="text.secondary" component="p">
              Query
            </Typography>
            <Typography
              aria-labelledby={queryId}
              component="p"
              sx={{ fontFamily: 'monospace', fontSize: 14, wordBreak: 'break-word' }}
            >
              {query}
            </Typography>
            {queryProblem && (
              <Typography color="error" variant="body2" role="alert">
                {queryProblem}
              </Typography>
            )}
          </div>
          {storeFailed && (
            <Alert severity="error">
              The filter could not be saved: this device refused to store it.
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="contained">
            {existing ? 'Replace' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
