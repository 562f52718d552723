/**
 * The team's setup (locations, workflows, escalation rules) is for supervisors and admins:
 * the core refuses it to technicians. Its buttons and switches stay in place for them, so the
 * screen reads the same for everyone, but disabled, and a tooltip says why and whom to ask.
 */
import Tooltip from '@mui/material/Tooltip';
import { cloneElement, type ReactElement } from 'react';
import { SETUP_ROLES, type Actor } from '../../shared/domain';

/** Whether the actor may set the team up (the core's own check, in shared/core/app-core.ts). */
export function canSetUp(actor: Pick<Actor, 'role'>): boolean {
  return SETUP_ROLES.includes(actor.role);
}

export const SETUP_ONLY_MESSAGE =
  'Only supervisors and admins set up locations, workflows and escalation rules. Ask one of them for this change.';

/**
 * The action as given when allowed; otherwise the same action disabled, wrapped so that its
 * tooltip shows on hover and on keyboard focus. The action's own `disabled` (a save under
 * way, say) applies while it is allowed.
 */
export function SetupAction({
  allowed,
  children,
}: {
  allowed: boolean;
  children: ReactElement<{ disabled?: boolean }>;
}) {
  if (allowed) return children;
  return (
    <Tooltip title={SETUP_ONLY_MESSAGE} describeChild>
      {/* A disabled control receives no pointer or focus events: its wrapper does. */}
      <span tabIndex={0} data-setup-only="" style={{ display: 'inline-flex' }}>
        {cloneElement(children, { disabled: true })}
      </span>
    </Tooltip>
  );
}
