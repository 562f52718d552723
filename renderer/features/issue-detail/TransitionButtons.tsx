/**
 * The workflow's transitions from the issue's status, one button each. A transition the
 * acting user may not take is shown disabled, with the workflow's reason written beside it
 * (a disabled button cannot show a tooltip to the keyboard).
 */
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import type { Actor, Issue, Workflow } from '../../../shared/domain';
import type { StatusCategory } from '../../../shared/domain';
import {
  availableTransitions,
  categoryOf,
  type AvailableTransition,
} from '../../../shared/workflow';

const CATEGORY_RANK: Record<StatusCategory, number> = { todo: 0, 'in-progress': 1, done: 2 };

/**
 * The transition to show as the main action: the first one the user may take that moves
 * the issue forward (towards done); none when every allowed one goes back.
 */
export function primaryTransition(
  offers: readonly AvailableTransition[],
  current: StatusCategory | undefined,
): string | undefined {
  const from = current === undefined ? -1 : CATEGORY_RANK[current];
  return offers.find((offer) => offer.allowed && CATEGORY_RANK[offer.target.category] > from)
    ?.transition.id;
}

export interface TransitionButtonsProps {
  workflow: Workflow;
  issue: Pick<Issue, 'status' | 'assignee'>;
  actor: Pick<Actor, 'role'>;
  /** The transition being taken, if any: its button spins, the others wait. */
  busy?: string;
  onTake: (offer: AvailableTransition) => void;
}

export function TransitionButtons(props: TransitionButtonsProps) {
  const offers = availableTransitions(props.workflow, props.issue, props.actor);
  const reasonsId = useId();
  if (offers.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No transition leads on from this status.
      </Typography>
    );
  }
  const refused = offers.filter((offer) => !offer.allowed);
  const primary = primaryTransition(offers, categoryOf(props.workflow, props.issue.status));
  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        {offers.map((offer, index) => (
          <Button
            key={offer.transition.id}
            variant={offer.transition.id === primary ? 'contained' : 'outlined'}
            size="small"
            disabled={
              !offer.allowed || (props.busy !== undefined && props.busy !== offer.transition.id)
            }
            loading={props.busy === offer.transition.id}
            onClick={() => props.onTake(offer)}
            {...(!offer.allowed && { 'aria-describedby': `${reasonsId}-${index}` })}
            title={offer.allowed ? `Move to ${offer.target.name}` : offer.reason}
          >
            {offer.transition.name}
            {offer.requires.includes('resolutionComment') ? '…' : ''}
          </Button>
        ))}
      </Stack>
      {refused.length > 0 && (
        <Stack component="ul" spacing={0.25} sx={{ m: 0, pl: 2.5 }}>
          {offers.map((offer, index) =>
            offer.allowed ? null : (
              <Typography
                key={offer.transition.id}
                component="li"
                id={`${reasonsId}-${index}`}
                variant="caption"
                color="text.secondary"
              >
                {offer.reason}
              </Typography>
            ),
          )}
        </Stack>
      )}
    </Stack>
  );
}
