/**
 * The app: theme (light or dark, as the operating system asks), notifications, and the way
 * in: the platform's first-run questions (web edition), opening the database (with a
 * designed wait and a designed failure), then the shell.
 */
import Box from '@mui/material/Box';
import CssBaseline from '@mui/material/CssBaseline';
import GlobalStyles from '@mui/material/GlobalStyles';
import { ThemeProvider } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { Component, Suspense, use, useEffect, useMemo, useState, type ReactNode } from 'react';
import { AppShell } from '../features/shell/AppShell';
import { IdentityDialog } from '../features/shell/IdentityDialog';
import type { PlatformBridge } from '../platform/bridge';
import { ErrorState, LoadingState } from '../components/StateViews';
import { NotificationsProvider } from './notifications';
import { ReferenceDataProvider } from './reference-data';
import { preloadBoard } from '../features/board/column-query';
import { DEFAULT_WORKFLOW } from '../../shared/workflow';
import { parseRoute } from './routes';
import { openSession, SessionProvider, type Session } from './session';
import { createAppTheme } from './theme';

function Centered({ children }: { children: ReactNode }) {
  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 3 }}>
      <Box sx={{ width: '100%', maxWidth: 560 }}>{children}</Box>
    </Box>
  );
}

interface StartFailedProps {
  children: ReactNode;
  onRetry: () => void;
}

/** Shows why the app could not start instead of an empty window. */
class StartFailedBoundary extends Component<StartFailedProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Centered>
        <ErrorState
          title="AutoEscalate could not start"
          message={this.state.error.message}
          onRetry={this.props.onRetry}
        />
      </Centered>
    );
  }
}

function SessionOf({ session }: { session: Promise<Session> }) {
  const opened = use(session);
  // The acting user changes when someone signs in to the team server, or out again.
  const [actor, setActor] = useState(opened.actor);
  useEffect(() => opened.bridge.on('core:actor', setActor), [opened.bridge]);
  const live = useMemo(() => ({ ...opened, actor }), [opened, actor]);
  return (
    <SessionProvider session={live}>
      <ReferenceDataProvider>
        <AppShell />
      </ReferenceDataProvider>
    </SessionProvider>
  );
}

/**
 * What the first screen reads starts as soon as the database is open, not once that screen
 * has rendered: today the board's columns, when the app opens on the whole board.
 */
function preloadFirstScreen(session: Session): Session {
  const route = parseRoute(globalThis.location.hash);
  if (route.view === 'board' && route.locationId === undefined) {
    preloadBoard(
      session.db,
      DEFAULT_WORKFLOW.statuses.map((status) => status.id),
    );
  }
  return session;
}

function Start({ bridge }: { bridge: PlatformBridge }) {
  const identity = bridge.localIdentity;
  const [named, setNamed] = useState(() => !identity || identity.current() !== undefined);
  const session = useMemo(
    () => (named ? openSession(bridge).then(preloadFirstScreen) : undefined),
    [bridge, named],
  );
  if (identity && !named) {
    return <IdentityDialog identity={identity} open onSaved={() => setNamed(true)} />;
  }
  if (!session) return null;
  return (
    <Suspense
      fallback={
        <Centered>
          <LoadingState label="Opening the local database…" />
        </Centered>
      }
    >
      <SessionOf session={session} />
    </Suspense>
  );
}

export function App({
  bridge,
  onRetry,
}: {
  /** The platform the page runs on; undefined when there is none to run on. */
  bridge: PlatformBridge | undefined;
  /** Starts over after a failure; the page reloads by default. */
  onRetry?: () => void;
}) {
  const dark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const theme = useMemo(() => createAppTheme(dark ? 'dark' : 'light'), [dark]);
  const retry = onRetry ?? (() => globalThis.location.reload());
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline enableColorScheme />
      {/* The window never scrolls as a whole: each screen scrolls its own regions. */}
      <GlobalStyles
        styles={{ 'html, body, #root': { height: '100%' }, body: { overflow: 'hidden' } }}
      />
      <NotificationsProvider>
        <StartFailedBoundary onRetry={retry}>
          {bridge ? (
            <Start bridge={bridge} />
          ) : (
            <Centered>
              <ErrorState
                title="AutoEscalate cannot run here"
                message="This page is the desktop app's window: open AutoEscalate from its icon, or use the web edition in a browser."
              />
            </Centered>
          )}
        </StartFailedBoundary>
      </NotificationsProvider>
    </ThemeProvider>
  );
}
