/**
 * The keyboard (and mouse) alternative to dragging: every other column of the workflow,
 * the legal ones enabled, the others disabled with the reason they are not possible.
 */
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import ListSubheader from '@mui/material/ListSubheader';
import type { Actor, Issue, Workflow } from '../../../shared/domain';
import { moveTargets } from './board-logic';

export interface MoveToMenuProps {
  anchor: HTMLElement | null;
  issue: Issue | null;
  workflow: Workflow;
  actor: Actor;
  onClose: () => void;
  onMove: (issue: Issue, toStatus: string) => void;
}

export function MoveToMenu({ anchor, issue, workflow, actor, onClose, onMove }: MoveToMenuProps) {
  const targets = issue ? moveTargets(workflow, issue, actor) : [];
  return (
    <Menu
      anchorEl={anchor}
      open={anchor !== null && issue !== null}
      onClose={onClose}
      slotProps={{
        list: { 'aria-label': issue ? `Move "${issue.title}" to` : 'Move to', dense: true },
      }}
    >
      <ListSubheader sx={{ lineHeight: 2.5 }}>Move to…</ListSubheader>
      {targets.map(({ status, plan }) => (
        <MenuItem
          key={status.id}
          disabled={plan.kind !== 'move'}
          onClick={() => {
            onClose();
            if (issue) onMove(issue, status.id);
          }}
          sx={{ maxWidth: 340, whiteSpace: 'normal', '&.Mui-disabled': { opacity: 0.75 } }}
        >
          <ListItemText
            primary={
              plan.kind === 'move' ? `${status.name} (${plan.transition.name})` : status.name
            }
            secondary={plan.kind === 'refused' ? plan.message : undefined}
          />
        </MenuItem>
      ))}
    </Menu>
  );
}
