/** Who is acting on this device; where the platform allows it, changing name and role. */
import PersonOutlineIcon from '@mui/icons-material/PersonOutlined';
import Button from '@mui/material/Button';
import ListItemText from '@mui/material/ListItemText';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useState } from 'react';
import type { Actor } from '../../../shared/domain';
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
  return (
    <>
      <Button
        color="inherit"
        size="small"
        startIcon={compact ? undefined : <PersonOutlineIcon />}
        aria-haspopup="menu"
        aria-label={`Signed in on this device as ${actor.userId}, ${actor.role}`}
        onClick={(event) => setAnchor(event.currentTarget)}
        sx={{ textTransform: 'none', maxWidth: 240, minWidth: 0 }}
      >
        {compact ? (
          <PersonOutlineIcon />
        ) : (
          <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {actor.userId} · {roleName(actor.role)}
          </span>
        )}
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem disabled sx={{ '&.Mui-disabled': { opacity: 1 } }}>
          <ListItemText
            primary={actor.userId}
            secondary={`${roleName(actor.role)} · device ${actor.deviceId}`}
          />
        </MenuItem>
        {identity && (
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
      {identity && changing && (
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
