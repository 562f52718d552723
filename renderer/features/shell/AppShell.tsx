/**
 * The frame around every screen: the app bar with the navigation, the sync status (the way
 * to the sync settings), who is acting and "Report an issue" (also the C key); the current
 * place (board, issues table, locations, rules, sync); the issue drawer and the form to
 * report an issue. Places live in the URL's hash, so reload and the back button keep the
 * user where they were.
 */
import AddIcon from '@mui/icons-material/Add';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Toolbar from '@mui/material/Toolbar';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { Theme } from '@mui/material/styles';
import useMediaQuery from '@mui/material/useMediaQuery';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useNotify } from '../../app/notifications';
import type { Route } from '../../app/routes';
import { formatRoute } from '../../app/routes';
import { useSession } from '../../app/session';
import { useHashRoute } from '../../app/use-hash-route';
import { afterFirstScreen, announceFirstScreen } from '../../app/first-screen';
import { deferredComponent } from '../../components/deferred';
import { BoardView } from '../board/BoardView';
import { LoadingState } from '../../components/StateViews';
import { useLiveSyncStatus } from '../sync';
import { NAVIGATION, PLACES } from './navigation';
import { useShortcut } from './shortcuts';
import { SyncPlace } from './SyncPlace';
import { SyncStatusIndicator } from './SyncStatusIndicator';
import { UserMenu } from './UserMenu';
import { canSetUp } from '../../components/SetupAction';

// The board is what the app opens on; the other places load when first visited (the
// offline cache holds them all), so the first start parses only what the board needs.
const IssuesTableView = lazy(() =>
  import('../issues/IssuesTableView').then((module) => ({ default: module.IssuesTableView })),
);
const LocationsView = lazy(() =>
  import('../locations/LocationsView').then((module) => ({ default: module.LocationsView })),
);
const RulesView = lazy(() =>
  import('../rules/RulesView').then((module) => ({ default: module.RulesView })),
);
// The report form and the issue drawer load when first opened, or once the first screen is
// shown and the page idle, so that they open at once.
const IssueForm = deferredComponent(() =>
  import('../issue-form/IssueFormDialog').then((module) => module.IssueFormDialog),
);
const IssueDrawer = deferredComponent(() =>
  import('../issue-detail/IssueDetailDrawer').then((module) => module.IssueDetailDrawer),
);
/** The latest the dialogs' code waits for the first screen before it loads anyway. */
const PRELOAD_LATEST_MS = 10_000;

export function AppShell() {
  const { db, actor, bridge, commands } = useSession();
  const notify = useNotify();
  const [route, navigate] = useHashRoute();
  const [creating, setCreating] = useState(false);
  const syncStatus = useLiveSyncStatus(bridge.sync);
  const main = useRef<HTMLElement>(null);
  const compact = useMediaQuery((theme: Theme) => theme.breakpoints.down('md'));
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const firstView = useRef(true);

  const current = PLACES.find((item) => item.view === route.view) ?? NAVIGATION[0];

  useEffect(() => {
    document.title = `${current?.label ?? 'Board'} · AutoEscalate`;
    // After moving to another place, start reading there (not on the first render).
    if (firstView.current) firstView.current = false;
    else main.current?.focus();
  }, [current]);

  const openIssue = useCallback(
    (issueId: string) => navigate({ ...route, issueId }),
    [navigate, route],
  );
  const closeIssue = useCallback(() => {
    const { issueId: _closed, ...rest } = route;
    navigate(rest);
  }, [navigate, route]);
  const goTo = useCallback((next: Route) => navigate(next), [navigate]);

  // The board says itself when its columns are shown; the other places have no such wait.
  useEffect(() => {
    if (route.view !== 'board') announceFirstScreen(bridge);
  }, [bridge, route.view]);

  useShortcut('c', () => setCreating(true), !creating);

  useEffect(() => {
    void afterFirstScreen(PRELOAD_LATEST_MS).then(() =>
      Promise.all([IssueForm.preload(), IssueDrawer.preload()]),
    );
  }, []);

  // A click on an escalation alert (desktop notification, tray, browser notification).
  const latestRoute = useRef(route);
  latestRoute.current = route;
  useEffect(
    () =>
      bridge.on('alert:open-issue', ({ issueId }) => navigate({ ...latestRoute.current, issueId })),
    [bridge, navigate],
  );

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Box
        component="a"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.focus();
        }}
        sx={{
          position: 'absolute',
          left: 8,
          top: -48,
          zIndex: 2000,
          bgcolor: 'background.paper',
          color: 'text.primary',
          px: 2,
          py: 1,
          borderRadius: 1,
          '&:focus': { top: 8 },
        }}
      >
        Skip to content
      </Box>
      <AppBar
        position="static"
        elevation={0}
        sx={(theme) =>
          theme.palette.mode === 'dark'
            ? { bgcolor: 'background.paper', borderBottom: 1, borderColor: 'divider' }
            : {}
        }
      >
        <Toolbar variant="dense" sx={{ gap: { xs: 0.5, sm: 2 }, px: { xs: 1, sm: 2 } }}>
          {!narrow && (
            <Typography component="span" sx={{ fontWeight: 700, letterSpacing: 0.2, mr: 1 }}>
              AutoEscalate
            </Typography>
          )}
          <Stack component="nav" aria-label="Main" direction="row" spacing={0.5}>
            {NAVIGATION.map((item) => {
              const active = item.view === route.view;
              return (
                <Button
                  key={item.view}
                  component="a"
                  href={formatRoute({ view: item.view })}
                  color="inherit"
                  size="small"
                  aria-current={active ? 'page' : undefined}
                  title={item.description}
                  sx={{
                    fontWeight: active ? 700 : 500,
                    borderBottom: 2,
                    borderColor: active ? 'currentColor' : 'transparent',
                    borderRadius: 0,
                    px: 1.5,
                  }}
                >
                  {item.label}
                </Button>
              );
            })}
          </Stack>
          <Box sx={{ flex: 1 }} />
          <SyncStatusIndicator
            status={syncStatus}
            compact={narrow}
            {...(bridge.sync && { href: formatRoute({ view: 'sync' }) })}
          />
          <UserMenu
            actor={actor}
            {...(bridge.localIdentity && { identity: bridge.localIdentity })}
            {...(bridge.alertPermission && { alerts: bridge.alertPermission })}
            compact={compact}
          />
          <Tooltip title="Report an issue (C)" describeChild>
            <Button
              variant="contained"
              color="inherit"
              size="small"
              startIcon={narrow ? undefined : <AddIcon />}
              onClick={() => setCreating(true)}
              aria-keyshortcuts="C"
              {...(narrow && { 'aria-label': 'Report issue' })}
              sx={(theme) =>
                theme.palette.mode === 'dark'
                  ? {
                      color: 'primary.contrastText',
                      bgcolor: 'primary.main',
                      '&:hover': { bgcolor: 'primary.dark' },
                    }
                  : {
                      color: 'primary.main',
                      bgcolor: 'background.paper',
                      '&:hover': { bgcolor: 'background.default' },
                    }
              }
            >
              {narrow ? <AddIcon /> : 'Report issue'}
            </Button>
          </Tooltip>
        </Toolbar>
      </AppBar>
      <Box
        component="main"
        id="main"
        ref={main}
        tabIndex={-1}
        aria-label={current?.label}
        sx={{
          flex: 1,
          minHeight: 0,
          overflow: 'auto',
          p: { xs: 1.5, sm: 2.5 },
          outline: 'none',
        }}
      >
        <Suspense fallback={<LoadingState label={`Opening ${current?.label ?? 'the page'}…`} />}>
          {route.view === 'board' && (
            <BoardView
              locationId={route.locationId}
              onLocationChange={(locationId) =>
                goTo({ view: 'board', ...(locationId !== undefined && { locationId }) })
              }
              onOpenIssue={openIssue}
              onCreateIssue={() => setCreating(true)}
              onGoToLocations={() => goTo({ view: 'locations' })}
            />
          )}
          {route.view === 'issues' && <IssuesTableView db={db} onOpenIssue={openIssue} />}
          {route.view === 'locations' && (
            <LocationsView onShowOnBoard={(locationId) => goTo({ view: 'board', locationId })} />
          )}
          {route.view === 'rules' && (
            <RulesView db={db} commands={commands} canChange={canSetUp(actor)} />
          )}
          {route.view === 'sync' && <SyncPlace controls={bridge.sync} />}
        </Suspense>
      </Box>
      <IssueForm.Deferred
        active={creating}
        open={creating}
        mode={{
          kind: 'create',
          ...(route.locationId !== undefined && { defaultLocationId: route.locationId }),
        }}
        onClose={() => setCreating(false)}
        onSaved={(issue) => {
          setCreating(false);
          notify(`"${issue.title}" reported.`, 'success');
        }}
        onGoToLocations={() => {
          setCreating(false);
          goTo({ view: 'locations' });
        }}
      />
      <IssueDrawer.Deferred
        active={route.issueId !== undefined}
        issueId={route.issueId}
        onClose={closeIssue}
        onGoToLocations={() => goTo({ view: 'locations' })}
      />
    </Box>
  );
}
