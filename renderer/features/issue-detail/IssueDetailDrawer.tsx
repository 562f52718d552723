/**
 * One issue in full, in a drawer beside the board or table: every field, the workflow's
 * transitions as buttons, escalations, comments and the complete history. Live: what others
 * change appears while it is open.
 */
import CloseIcon from '@mui/icons-material/Close';
import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import NotificationImportantIcon from '@mui/icons-material/NotificationImportant';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useMemo, useState, type ReactNode } from 'react';
import type { Issue } from '../../../shared/domain';
import type { AvailableTransition } from '../../../shared/workflow';
import { statusOf } from '../../../shared/workflow';
import { useComments, useEscalations, useIssue, useIssueEvents } from '../../app/live-data';
import { useNotify } from '../../app/notifications';
import { useReferenceData, workflowOf } from '../../app/reference-data';
import { useSession } from '../../app/session';
import { messageOf } from '../../components/field-problems';
import {
  formatDateTime,
  priorityColor,
  severityName,
  statusColor,
  typeName,
} from '../../components/issue-format';
import { IssueSlaBadge } from '../../components/sla/SlaBadge';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { TransitionCommentDialog } from '../../components/TransitionCommentDialog';
import { IssueFormDialog } from '../issue-form/IssueFormDialog';
import { EMPTY_VALUE, shortDeviceId, type HistoryContext } from './history-format';
import { IssueComments } from './IssueComments';
import { IssueHistory } from './IssueHistory';
import { TransitionButtons } from './TransitionButtons';

export interface IssueDetailDrawerProps {
  issueId: string | undefined;
  onClose: () => void;
  onGoToLocations: () => void;
}

export function IssueDetailDrawer(props: IssueDetailDrawerProps) {
  const titleId = useId();
  return (
    <Drawer
      anchor="right"
      open={props.issueId !== undefined}
      onClose={props.onClose}
      slotProps={{
        paper: {
          role: 'dialog',
          'aria-labelledby': titleId,
          sx: { width: { xs: '100vw', sm: 560 }, maxWidth: '100vw' },
        },
      }}
    >
      {props.issueId !== undefined && (
        <IssueDetail
          key={props.issueId}
          issueId={props.issueId}
          titleId={titleId}
          onClose={props.onClose}
          onGoToLocations={props.onGoToLocations}
        />
      )}
    </Drawer>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id}>
      <Typography id={id} variant="h3" component="h3" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {children}
      </Typography>
    </>
  );
}

function time(value: number | undefined): string {
  return value === undefined ? EMPTY_VALUE : formatDateTime(value);
}

function IssueDetail({
  issueId,
  titleId,
  onClose,
  onGoToLocations,
}: {
  issueId: string;
  titleId: string;
  onClose: () => void;
  onGoToLocations: () => void;
}) {
  const { db } = useSession();
  const live = useIssue(db, issueId);

  return (
    <Stack sx={{ height: '100%' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', px: 2.5, pt: 2, pb: 1.5 }}>
        <Typography
          id={titleId}
          variant="h2"
          component="h2"
          sx={{ flex: 1, overflowWrap: 'anywhere', pt: 0.5 }}
        >
          {live.state === 'ready' && live.value ? live.value.title : 'Issue'}
        </Typography>
        <IconButton aria-label="Close the issue" onClick={onClose}>
          <CloseIcon />
        </IconButton>
      </Stack>
      <Divider />
      <Box sx={{ flex: 1, overflowY: 'auto', px: 2.5, py: 2 }}>
        {live.state === 'loading' && <LoadingState label="Opening the issue…" />}
        {live.state === 'failed' && (
          <ErrorState title="The issue could not be shown" message={live.message} />
        )}
        {live.state === 'ready' && live.value === null && (
          <Alert severity="warning">
            <AlertTitle>This issue is not on this device</AlertTitle>
            It may have been removed, or the link points to an issue that has not been synced here
            yet.
          </Alert>
        )}
        {live.state === 'ready' && live.value !== null && (
          <IssueBody issue={live.value} onGoToLocations={onGoToLocations} />
        )}
      </Box>
    </Stack>
  );
}

function IssueBody({ issue, onGoToLocations }: { issue: Issue; onGoToLocations: () => void }) {
  const { db, actor, commands } = useSession();
  const reference = useReferenceData();
  const notify = useNotify();
  const workflow = workflowOf(reference, issue.workflowId);
  const status = statusOf(workflow, issue.status);
  const comments = useComments(db, issue.id);
  const events = useIssueEvents(db, issue.id);
  const escalations = useEscalations(db, issue.id);
  const [busy, setBusy] = useState<string | undefined>();
  const [asking, setAsking] = useState<AvailableTransition | null>(null);
  const [editing, setEditing] = useState(false);

  const commentList = useMemo(() => (comments.state === 'ready' ? comments.value : []), [comments]);
  const context = useMemo<HistoryContext>(() => {
    const byId = new Map(commentList.map((c) => [c.id, c.body]));
    return {
      workflow,
      locationName: (id) => reference.locations.pathName(id),
      personName: (id) => reference.people.nameOf(id),
      commentText: (id) => byId.get(id),
    };
  }, [workflow, reference.locations, reference.people, commentList]);

  async function take(offer: AvailableTransition, resolutionComment?: string) {
    setBusy(offer.transition.id);
    try {
      await commands.transition(
        issue.id,
        offer.transition.id,
        resolutionComment === undefined ? undefined : { resolutionComment },
      );
      notify(`"${issue.title}" moved to ${offer.target.name}.`, 'success');
    } finally {
      setBusy(undefined);
    }
  }

  function onTake(offer: AvailableTransition) {
    if (offer.requires.includes('resolutionComment')) {
      setAsking(offer);
      return;
    }
    take(offer).catch((error: unknown) =>
      notify(`"${offer.transition.name}" was refused. ${messageOf(error)}`, 'error'),
    );
  }

  const fired = escalations.state === 'ready' ? escalations.value : [];
  const customFields = Object.entries(issue.customFields);

  return (
    <Stack spacing={3}>
      <Stack spacing={1.5}>
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          sx={{ alignItems: 'center', flexWrap: 'wrap' }}
        >
          <Chip
            label={status?.name ?? issue.status}
            color={statusColor(status?.category)}
            aria-label={`Status ${status?.name ?? issue.status}`}
          />
          <Chip
            variant="outlined"
            label={issue.priority}
            color={priorityColor(issue.priority)}
            aria-label={`Priority ${issue.priority}`}
          />
          <IssueSlaBadge db={db} issueId={issue.id} />
          <Box sx={{ flex: 1 }} />
          <Button size="small" startIcon={<EditOutlinedIcon />} onClick={() => setEditing(true)}>
            Edit
          </Button>
        </Stack>
        <TransitionButtons
          workflow={workflow}
          issue={issue}
          actor={actor}
          {...(busy !== undefined && { busy })}
          onTake={onTake}
        />
      </Stack>

      {fired.length > 0 && (
        <Alert severity="error" icon={<NotificationImportantIcon />}>
          <AlertTitle>Escalated</AlertTitle>
          <Stack component="ul" spacing={0.25} sx={{ m: 0, pl: 2 }}>
            {fired.map((record) => (
              <li key={record.id}>
                {record.ruleName}, level {record.level}
                {record.repeat > 0 ? ` (repeat ${record.repeat})` : ''} ·{' '}
                {formatDateTime(record.firedAt)}
              </li>
            ))}
          </Stack>
        </Alert>
      )}

      <Section title="Description">
        <Typography
          variant="body2"
          color={issue.description === '' ? 'text.secondary' : 'text.primary'}
          sx={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
        >
          {issue.description === '' ? 'No description.' : issue.description}
        </Typography>
      </Section>

      <Section title="Details">
        <Box
          component="dl"
          sx={{
            display: 'grid',
            gridTemplateColumns: 'max-content 1fr',
            columnGap: 2,
            rowGap: 0.75,
            m: 0,
          }}
        >
          <Fact label="Type">{typeName(issue.type)}</Fact>
          <Fact label="Priority">{issue.priority}</Fact>
          <Fact label="Severity">
            {issue.severity} · {severityName(issue.severity)}
          </Fact>
          <Fact label="Location">{reference.locations.pathName(issue.locationId)}</Fact>
          <Fact label="Assignee">
            {issue.assignee ? reference.people.nameOf(issue.assignee) : 'Unassigned'}
          </Fact>
          <Fact label="Reporter">{reference.people.nameOf(issue.reporter)}</Fact>
          <Fact label="Reported">{time(issue.reportedAt)}</Fact>
          <Fact label="Acknowledged">{time(issue.acknowledgedAt)}</Fact>
          <Fact label="Resolved">{time(issue.resolvedAt)}</Fact>
          {issue.resolutionComment !== undefined && (
            <Fact label="Resolution">{issue.resolutionComment}</Fact>
          )}
          {customFields.map(([name, value]) => (
            <Fact key={name} label={name}>
              {typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)}
            </Fact>
          ))}
          <Fact label="Last change">
            {reference.people.nameOf(issue.updatedBy)} on device{' '}
            <abbr title={issue.updatedOnDevice} style={{ textDecoration: 'none' }}>
              {shortDeviceId(issue.updatedOnDevice)}
            </abbr>
            , {formatDateTime(issue.updatedAt)} (version {issue.version})
          </Fact>
        </Box>
      </Section>

      <Section title="Comments">
        {comments.state === 'failed' ? (
          <ErrorState title="The comments could not be shown" message={comments.message} />
        ) : (
          <IssueComments issueId={issue.id} comments={commentList} />
        )}
      </Section>

      <Section title="History">
        {events.state === 'loading' && <LoadingState label="Reading the history…" />}
        {events.state === 'failed' && (
          <ErrorState title="The history could not be shown" message={events.message} />
        )}
        {events.state === 'ready' && <IssueHistory events={events.value} context={context} />}
      </Section>

      <TransitionCommentDialog
        open={asking !== null}
        issueTitle={issue.title}
        transitionName={asking?.transition.name ?? ''}
        targetName={asking?.target.name ?? ''}
        onCancel={() => setAsking(null)}
        onSubmit={async (comment) => {
          if (!asking) return;
          await take(asking, comment);
          setAsking(null);
        }}
      />
      {editing && (
        <IssueFormDialog
          open
          mode={{ kind: 'edit', issue }}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            notify('Changes saved.', 'success');
          }}
          onGoToLocations={onGoToLocations}
        />
      )}
    </Stack>
  );
}
