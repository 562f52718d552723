/** The issue list's views: loading, failed, empty, and the table itself. */
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatReportedAt, priorityColor, statusColor, type IssueRow } from './issue-rows';

const COLUMNS = ['Title', 'Status', 'Priority', 'Reported'] as const;
const LOADING_ROWS = 5;

function Header() {
  return (
    <TableHead>
      <TableRow>
        {COLUMNS.map((column) => (
          <TableCell key={column}>{column}</TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}

export function IssueTableLoading() {
  return (
    <TableContainer component={Paper} variant="outlined" aria-busy="true">
      <Table size="small" aria-label="Opening the local database">
        <Header />
        <TableBody>
          {Array.from({ length: LOADING_ROWS }, (_, row) => (
            <TableRow key={row}>
              {COLUMNS.map((column) => (
                <TableCell key={column}>
                  <Skeleton variant="text" width={column === 'Title' ? '70%' : '50%'} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

export function IssueTableError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Alert
      severity="error"
      variant="outlined"
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>The issues could not be shown</AlertTitle>
      {message}
    </Alert>
  );
}

export function IssueTableEmpty() {
  return (
    <Paper variant="outlined" sx={{ px: 4, py: 6, textAlign: 'center' }}>
      <Typography variant="h2" component="p" gutterBottom>
        No issues yet
      </Typography>
      <Typography color="text.secondary">
        Issues reported on this device, or synced from your team, appear here as soon as they are
        saved.
      </Typography>
    </Paper>
  );
}

export function IssueTable({ rows }: { rows: readonly IssueRow[] }) {
  if (rows.length === 0) return <IssueTableEmpty />;
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Issues">
        <Header />
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} hover>
              <TableCell sx={{ maxWidth: 480 }}>
                <Box sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {row.title}
                </Box>
              </TableCell>
              <TableCell>
                <Chip size="small" label={row.statusName} color={statusColor(row.statusCategory)} />
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  variant="outlined"
                  label={row.priority}
                  color={priorityColor(row.priority)}
                />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap', color: 'text.secondary' }}>
                {formatReportedAt(row.reportedAt)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
