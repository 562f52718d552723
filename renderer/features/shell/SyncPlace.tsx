/**
 * The sync settings as a place of the shell (`#/sync`, reached from the sync status): the
 * sign-in form or the status panel, whichever platform the app runs on.
 */
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { SyncControls } from '../../platform/bridge';
import { SyncSettings } from '../sync';

export function SyncPlace({ controls }: { controls: SyncControls | undefined }) {
  return (
    <Stack spacing={2} sx={{ maxWidth: 640 }}>
      <Typography variant="h1">Sync with the team server</Typography>
      {controls ? (
        <SyncSettings controls={controls} />
      ) : (
        <Typography color="text.secondary">
          This edition of AutoEscalate keeps everything on this device: it does not sync with a team
          server.
        </Typography>
      )}
    </Stack>
  );
}
