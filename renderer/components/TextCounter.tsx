/** "37 / 100" under a text field; turns red past the limit and is read out only then. */
import Typography from '@mui/material/Typography';
import { charCount } from '../../shared/validation/problems';

export function TextCounter({ text, max, id }: { text: string; max: number; id?: string }) {
  const length = charCount(text.trim());
  const over = length > max;
  return (
    <Typography
      component="span"
      variant="caption"
      {...(id !== undefined && { id })}
      color={over ? 'error' : 'text.secondary'}
      aria-live={over ? 'polite' : 'off'}
      sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
    >
      {length} / {max}
    </Typography>
  );
}
