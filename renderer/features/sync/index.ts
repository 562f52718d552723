export { SignInView, type SignInViewProps } from './SignInView';
export { SyncSettings, type SyncSettingsProps } from './SyncSettings';
export { SyncStatusPanel, type SyncStatusPanelProps } from './SyncStatusPanel';
export { initialSignInValues } from './sign-in-form';
export { useLiveSyncStatus, useSyncSession, type SyncControls } from './use-sync';
