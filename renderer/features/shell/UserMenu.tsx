/**
 * Who is acting on this device: the user signed in to the team server, or the device's own
 * identity, whose name and role may be changed where the platform allows it.
 */
import PersonOutlineIcon from '@mui/icons-material/PersonOutlined';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import { actorName, type Actor } from '../../../shared/domain';
import type { AlertPermission, AlertPermissionState, LocalIdentity } from '../../platform/bridge';
import { IdentityDialog } from './IdentityDialog';

function roleName(role: Actor['role']): string {
  return role.charAt(0).toUpperCase() + role.slice(1);
}

const ALERT_TEXT: Record<Exclude<AlertPermissionState, 'default'>, string> = {
  granted: 'Escalation alerts are on in this browser',
  denied: 'Escalation alerts are blocked in this browser’s site settings',
  unsupported: 'This browser cannot show escalation alerts',
};

export function UserMenu({
  actor,
  identity,
  alerts,
  compact = false,
}: {
  actor: Actor;
  identity?: LocalIdentity;
  alerts?: AlertPermission;
  /** Only the icon (narrow windows). */
  compact?: boolean;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [changing, setChanging] = useState(false);
  const [alertState, setAlertState] = useState<AlertPermissionState | undefined>(() =>
    alerts?.state(),
  );
  const name = actorName(actor);
  // A signed-in user's name and role are the server's: they change there, not here.
  const changeable = identity !== undefined && actor.account === undefined;
  return (
    <>
      <Button
        color="inherit"
        size="small"
        startIcon={compact ? undefined : <PersonOutlineIcon />}
        aria-haspopup="menu"
        aria-label={
          actor.account
            ? `Signed in to the team server as ${name}, ${actor.role}`
            : `Signed in on this device as ${name}, ${actor.role}`
        }
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ textTransform: 'none', maxWidth: 240, minWidth: 0 }}
      >
        {compact ? (
          <PersonOutlineIcon />
        ) : (
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {name} · {roleName(actor.role)}
          </span>
        )}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 1 } }}>
          <ListItemText
            primary={name}
            secondary={
              actor.account
                ? `${roleName(actor.role)} · signed in to the team server`
                : `${roleName(actor.role)} · device ${actor.deviceId}`
            }
          />
        </MenuItem>
        {changeable && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              setChanging(true);
            }}
          >
            Change name or role…
          </MenuItem>
        )}
        {alerts && alertState === 'default' && (
          <MenuItem
            onClick={() => {
              setAnchor(null);
              void alerts.request().then(setAlertState);
            }}
          >
            Turn on escalation alerts…
          </MenuItem>
        )}
        {alerts && alertState !== undefined && alertState !== 'default' && (
          <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 0.8 } }}>
            {ALERT_TEXT[alertState]}
          </MenuItem>
        )}
      </Menu>
      {identity && changeable && changing && (
        <IdentityDialog
          identity={identity}
          open
          changing
          onCancel={() => setChanging(false)}
          onSaved={() => globalThis.location.reload()}
        />
      )}
    </>
  );
}
