/** The window's shell: theme, app bar, and the issue list once the database is open. */
import AppBar from '@mui/material/AppBar';
import Container from '@mui/material/Container';
import CssBaseline from '@mui/material/CssBaseline';
import Stack from '@mui/material/Stack';
import { ThemeProvider } from '@mui/material/styles';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { Component, Suspense, use, type ReactNode } from 'react';
import type { AppDatabase } from '../../shared/core/database';
import { IssueList } from '../features/issues/IssueList';
import { IssueTableError, IssueTableLoading } from '../features/issues/IssueTable';
import { theme } from './theme';

function OpeningDatabase() {
  return (
    <Stack spacing={2}>
      <Typography variant="h1">Issues</Typography>
      <Typography color="text.secondary">Opening the local database…</Typography>
      <IssueTableLoading />
    </Stack>
  );
}

interface OpenFailedProps {
  children: ReactNode;
  onRetry?: () => void;
}

/** Shows why the database could not be opened instead of an empty window. */
class OpenFailedBoundary extends Component<OpenFailedProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <IssueTableError
        message={this.state.error.message}
        {...(this.props.onRetry ? { onRetry: this.props.onRetry } : {})}
      />
    );
  }
}

function IssuesOf({ database }: { database: Promise<AppDatabase> }) {
  return <IssueList db={use(database)} />;
}

export function App({
  database,
  onRetry,
}: {
  database: Promise<AppDatabase>;
  /** Starts over after a failure; the window reloads by default. */
  onRetry?: () => void;
}) {
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense">
          <Typography component="span" sx={{ fontWeight: 600, letterSpacing: 0.2 }}>
            AutoEscalate
          </Typography>
        </Toolbar>
      </AppBar>
      <Container component="main" maxWidth="lg" sx={{ py: 3 }}>
        <OpenFailedBoundary onRetry={onRetry ?? (() => globalThis.location.reload())}>
          <Suspense fallback={<OpeningDatabase />}>
            <IssuesOf database={database} />
          </Suspense>
        </OpenFailedBoundary>
      </Container>
    </ThemeProvider>
  );
}
