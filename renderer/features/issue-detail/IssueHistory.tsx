/** The issue's full history, oldest first: who, from which device, when, and what changed. */
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { IssueEvent } from '../../../shared/domain';
import { formatDateTime } from '../../components/issue-format';
import { changeLines, eventTitle, shortDeviceId, type HistoryContext } from './history-format';

export function IssueHistory({
  events,
  context,
}: {
  events: readonly IssueEvent[];
  context: HistoryContext;
}) {
  if (events.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No history recorded on this device yet.
      </Typography>
    );
  }
  return (
    <Box component="ol" aria-label="History" sx={{ listStyle: 'none', m: 0, p: 0 }}>
      {events.map((event, index) => {
        const lines = changeLines(event, context);
        const comment =
          event.kind === 'commented' && event.note ? context.commentText?.(event.note) : undefined;
        return (
          <Box
            component="li"
            key={event.id}
            sx={{
              position: 'relative',
              pl: 3,
              pb: index === events.length - 1 ? 0 : 2,
              '&::before': {
                content: '""',
                position: 'absolute',
                left: 5,
                top: 6,
                width: 9,
                height: 9,
                borderRadius: '50%',
                bgcolor: event.kind === 'escalated' ? 'error.main' : 'primary.main',
              },
              '&::after':
                index === events.length - 1
                  ? undefined
                  : {
                      content: '""',
                      position: 'absolute',
                      left: 9,
                      top: 18,
                      bottom: 0,
                      width: '1px',
                      bgcolor: 'divider',
                    },
            }}
          >
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {eventTitle(event, context)}
            </Typography>
            <Typography variant="caption" color="text.secondary" component="p">
              {context.personName(event.actor)} on device{' '}
              <abbr title={event.deviceId} style={{ textDecoration: 'none' }}>
                {shortDeviceId(event.deviceId)}
              </abbr>{' '}
              · <time dateTime={new Date(event.at).toISOString()}>{formatDateTime(event.at)}</time>
            </Typography>
            {comment !== undefined && (
              <Typography variant="body2" sx={{ mt: 0.5, whiteSpace: 'pre-wrap' }}>
                “{comment}”
              </Typography>
            )}
            {lines.length > 0 && (
              <Stack component="ul" spacing={0.25} sx={{ m: 0, mt: 0.5, pl: 2 }}>
                {lines.map((line) => (
                  <Typography
                    key={line.label}
                    component="li"
                    variant="body2"
                    sx={{ overflowWrap: 'anywhere' }}
                  >
                    <strong>{line.label}</strong>
                    {event.kind === 'created' ? ': ' : `: ${line.from} → `}
                    {line.to}
                  </Typography>
                ))}
              </Stack>
            )}
            {event.kind === 'conflict-resolved' && event.note && (
              <Typography variant="caption" color="text.secondary" component="p">
                Kept from the other edit: {event.note}
              </Typography>
            )}
          </Box>
        );
      })}
    </Box>
  );
}
