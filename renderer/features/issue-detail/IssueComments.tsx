/** The issue's comments, oldest first, and a field to add one (checked as the core checks). */
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState, type FormEvent } from 'react';
import { COMMENT_MAX, type IssueComment } from '../../../shared/domain';
import { validateCommentBody } from '../../../shared/validation';
import { usePeople } from '../../app/reference-data';
import { useSession } from '../../app/session';
import { refusalOf } from '../../components/field-problems';
import { formatDateTime } from '../../components/issue-format';
import { TextCounter } from '../../components/TextCounter';

function problemOf(text: string): string | undefined {
  try {
    validateCommentBody(text);
    return undefined;
  } catch (error) {
    const refusal = refusalOf(error, ['body']);
    return refusal.fields.body ?? refusal.general;
  }
}

export function IssueComments({
  issueId,
  comments,
}: {
  issueId: string;
  comments: readonly IssueComment[];
}) {
  const { commands } = useSession();
  const people = usePeople();
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [refused, setRefused] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const problem = refused ?? (submitted ? problemOf(text) : undefined);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (problemOf(text) !== undefined || saving) return;
    setSaving(true);
    try {
      await commands.addComment(issueId, text);
      setText('');
      setSubmitted(false);
    } catch (error) {
      const refusal = refusalOf(error, ['body']);
      setRefused(refusal.fields.body ?? refusal.general);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack spacing={1.5}>
      {comments.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No comments yet.
        </Typography>
      ) : (
        <Stack component="ol" spacing={1} sx={{ listStyle: 'none', m: 0, p: 0 }}>
          {comments.map((comment) => (
            <Paper component="li" variant="outlined" key={comment.id} sx={{ p: 1.25 }}>
              <Typography variant="caption" color="text.secondary" component="p">
                <strong>{people.nameOf(comment.author)}</strong> ·{' '}
                {formatDateTime(comment.createdAt)}
              </Typography>
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {comment.body}
              </Typography>
            </Paper>
          ))}
        </Stack>
      )}
      <Stack component="form" spacing={1} onSubmit={(e: FormEvent) => void submit(e)} noValidate>
        <TextField
          label="Add a comment"
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            setRefused(undefined);
          }}
          multiline
          minRows={2}
          maxRows={8}
          size="small"
          error={problem !== undefined}
          helperText={problem ?? ' '}
        />
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', justifyContent: 'flex-end' }}
        >
          <TextCounter text={text} max={COMMENT_MAX} />
          <Button type="submit" variant="outlined" size="small" loading={saving}>
            Comment
          </Button>
        </Stack>
      </Stack>
    </Stack>
  );
}
