/**
 * Sync, ready to mount: the sign-in form while this device is not signed in (or the server
 * no longer accepts it), the status panel otherwise.
 */
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { initialSignInValues } from './sign-in-form';
import { SignInView } from './SignInView';
import { SyncStatusPanel } from './SyncStatusPanel';
import { useLiveSyncStatus, useSyncSession, type SyncControls } from './use-sync';

export interface SyncSettingsProps {
  controls: SyncControls;
  /** Proposed for a first sign-in, e.g. the computer's name. */
  defaultDeviceName?: string;
}

export function SyncSettings({ controls, defaultDeviceName = '' }: SyncSettingsProps) {
  const status = useLiveSyncStatus(controls);
  const { view, reload } = useSyncSession(controls);
  const [signingInAgain, setSigningInAgain] = useState(false);

  if (view === null) {
    return <Typography color="text.secondary">Loading…</Typography>;
  }
  const needsSignIn = view.session === null || signingInAgain;
  if (needsSignIn) {
    return (
      <SignInView
        key={view.lastServerUrl ?? 'first'}
        initial={initialSignInValues(view, defaultDeviceName)}
        onSignIn={(input) => controls.signIn(input)}
        onSignedIn={() => {
          setSigningInAgain(false);
          reload();
        }}
        {...(signingInAgain && {
          onCancel: () => setSigningInAgain(false),
          reason: 'The server no longer accepts this device. Sign in again to resume syncing.',
        })}
      />
    );
  }
  return (
    <SyncStatusPanel
      status={status}
      onSyncNow={() => void controls.syncNow()}
      onSignOut={() => void controls.signOut().then(reload, reload)}
      onSignIn={() => setSigningInAgain(true)}
    />
  );
}
