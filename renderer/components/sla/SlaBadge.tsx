/**
 * The SLA badge of cards, table rows and the issue detail: time left, overdue, paused, met or
 * missed, coloured by urgency, with the rule and the instant in its tooltip. `SlaBadge` shows
 * a given SLA; `IssueSlaBadge` finds the issue's own (see use-sla.ts).
 */
import ScheduleIcon from '@mui/icons-material/Schedule';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { AppDatabase } from '../../../shared/core/database';
import type { IssueSla } from '../../../shared/core/escalation/issue-sla';
import { useNow } from '../use-now';
import { slaBadge, type SlaTone, type TimeFormat } from './sla-badge';
import { useSla } from './use-sla';

const DEFERRED = { deferred: true } as const;
const PAUSED = { deferred: true, paused: true } as const;

const COLORS: Record<SlaTone, 'success' | 'warning' | 'error' | 'default'> = {
  ok: 'success',
  warning: 'warning',
  breached: 'error',
  paused: 'default',
  met: 'success',
  missed: 'error',
};

export interface SlaBadgeProps {
  sla: IssueSla | null;
  /** The time to measure against; the current time (refreshed every 30 s) by default. */
  now?: number;
  size?: 'small' | 'medium';
  timeFormat?: TimeFormat;
}

export function SlaBadge({ sla, now, size = 'small', timeFormat }: SlaBadgeProps) {
  const current = useNow(30_000);
  const view = slaBadge(sla, now ?? current, timeFormat);
  if (view === null) return null;
  const filled = view.tone === 'breached' || view.tone === 'warning';
  return (
    <Tooltip title={view.description}>
      <Chip
        size={size}
        icon={<ScheduleIcon />}
        label={view.label}
        color={COLORS[view.tone]}
        variant={filled ? 'filled' : 'outlined'}
        aria-label={`SLA: ${view.label}. ${view.description}`}
        data-tone={view.tone}
      />
    </Tooltip>
  );
}

/**
 * The badge of one issue, kept live. Nothing while loading or when no rule applies. Its
 * queries open a task after it is mounted (many cards mount at once; a moved card must show
 * within a frame), so the badge follows its card by a moment.
 */
export function IssueSlaBadge({
  db,
  issueId,
  paused = false,
  ...props
}: {
  db: AppDatabase;
  issueId: string;
  /** Not read yet (the board reads its columns first). */
  paused?: boolean;
} & Omit<SlaBadgeProps, 'sla'>) {
  const sla = useSla(db, issueId, paused ? PAUSED : DEFERRED);
  return sla.state === 'ready' ? <SlaBadge sla={sla.value} {...props} /> : null;
}
