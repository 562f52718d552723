/**
 * The rules editor's logic, apart from React: a new rule's starting point, a stored rule as a
 * draft, the problems of a draft by field path (the core's own validation, so the editor says
 * what the save would refuse), and the one-line summaries the list shows.
 */
import { formatDelay } from '../../../shared/core/escalation/alerts';
import {
  validateEscalationRuleDraft,
  type ClockStart,
  type ClockStartEvent,
  type EscalationAction,
  type EscalationActionType,
  type EscalationClock,
  type EscalationLevel,
  type EscalationRule,
  type EscalationRuleDraft,
  type EscalationScope,
  type FieldMapping,
  type NotifyRecipient,
  type RuleValidationOptions,
} from '../../../shared/escalation';
import { DomainError } from '../../../shared/validation/errors';

const MIN = 60_000;

/** A sensible first rule: notify the assignee and the supervisors after 30 minutes. */
export function blankDraft(): EscalationRuleDraft {
  return {
    name: '',
    description: '',
    enabled: true,
    scope: { priorities: [], types: [], locationIds: [], statuses: [] },
    clock: {
      start: { on: 'created' },
      stop: [{ on: 'acknowledged' }, { on: 'resolved' }],
      pauseStatuses: [],
      calendar: '24x7',
    },
    levels: [newLevel(30, 'clock-start')],
  };
}

export function newLevel(delayMinutes: number, from: EscalationLevel['from']): EscalationLevel {
  return {
    delayMinutes,
    from,
    actions: [newAction('notify')],
  };
}

/** The clock's start choices, as the editor offers them. */
export const CLOCK_START_LABELS: Record<ClockStartEvent, string> = {
  created: 'When the issue is reported or reopened',
  scope: 'When the issue comes into this rule’s scope (e.g. raised to Critical)',
  status: 'When it enters a status',
};

/** The clock start a choice makes (the statuses to be picked for a status start). */
export function clockStartOf(on: ClockStartEvent, current: ClockStart): ClockStart {
  if (on === 'status') return current.on === 'status' ? current : { on, statuses: [] };
  return { on };
}

export const ACTION_LABELS: Record<EscalationActionType, string> = {
  notify: 'Notify',
  'raise-priority': 'Raise the priority',
  'set-severity': 'Set the severity',
  assign: 'Assign',
  comment: 'Comment',
  'start-bpa-workflow': 'Start an SAP BPA workflow',
  'jira-issue': 'Create or update a Jira issue',
};

export function newAction(type: EscalationActionType): EscalationAction {
  switch (type) {
    case 'notify':
      return {
        type,
        recipients: [{ kind: 'assignee' }, { kind: 'role', role: 'supervisor' }],
      };
    case 'raise-priority':
      return { type };
    case 'set-severity':
      return { type, severity: 4 };
    case 'assign':
      return { type, assignee: '' };
    case 'comment':
      return { type, body: 'Escalated: {escalation.rule}, level {escalation.level}.' };
    case 'start-bpa-workflow':
      return { type, definitionId: '', context: { issueId: '{id}', title: '{title}' } };
    case 'jira-issue':
      return {
        type,
        projectKey: '',
        issueType: 'Task',
        fields: { summary: '{title}', description: '{description}' },
      };
  }
}

/** A stored version as a draft to edit: a deep copy without what the app keeps. */
export function draftOf(rule: EscalationRule): EscalationRuleDraft {
  const copy = structuredClone(rule) as EscalationRule & { key?: string };
  const draft: EscalationRuleDraft = {
    name: copy.name,
    description: copy.description,
    enabled: copy.enabled,
    scope: copy.scope,
    clock: copy.clock,
    levels: copy.levels,
  };
  if (copy.repeat !== undefined) draft.repeat = copy.repeat;
  return draft;
}

/** Problems by field path (`name`, `levels[0].delayMinutes` …); empty when the draft is fine. */
export type Problems = ReadonlyMap<string, string>;

export function problemsOf(error: unknown): Map<string, string> {
  const problems = new Map<string, string>();
  const domain = error instanceof DomainError ? error : DomainError.fromJSON(error);
  if (domain === null) return problems;
  for (const problem of domain.problems) {
    if (!problems.has(problem.field)) problems.set(problem.field, problem.message);
  }
  if (domain.problems.length === 0) problems.set('', domain.message);
  return problems;
}

/** What the save would refuse, checked as the core checks it. */
export function draftProblems(
  draft: EscalationRuleDraft,
  options: RuleValidationOptions,
): Map<string, string> {
  try {
    validateEscalationRuleDraft(draft, options);
    return new Map();
  } catch (error) {
    return problemsOf(error);
  }
}

/** The problem of a field and of what it holds (`scope.statuses` covers `scope.statuses[2]`). */
export function problemAt(problems: Problems, path: string): string | undefined {
  const exact = problems.get(path);
  if (exact !== undefined) return exact;
  for (const [field, message] of problems) {
    if (field.startsWith(`${path}[`) || field.startsWith(`${path}.`)) return message;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Summaries

export interface Names {
  status: (id: string) => string;
  location: (id: string) => string;
}

function list(words: readonly string[], last = 'or'): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${last} ${words[words.length - 1]}`;
}

const TYPE_WORDS: Record<string, string> = {
  breakdown: 'breakdowns',
  safety: 'safety issues',
  quality: 'quality issues',
  maintenance: 'maintenance',
  other: 'other issues',
};

/** "Critical or High breakdowns at Plant A, in New, severity 4 or more, where …". */
export function scopeSummary(scope: EscalationScope, names: Names): string {
  const parts: string[] = [];
  const what = scope.types.length > 0 ? list(scope.types.map((t) => TYPE_WORDS[t] ?? t)) : 'issues';
  parts.push(scope.priorities.length > 0 ? `${list(scope.priorities)} ${what}` : `All ${what}`);
  if (scope.locationIds.length > 0) parts.push(`at ${list(scope.locationIds.map(names.location))}`);
  if (scope.statuses.length > 0) parts.push(`in ${list(scope.statuses.map(names.status))}`);
  if (scope.minSeverity !== undefined) parts.push(`of severity ${scope.minSeverity} or more`);
  if (scope.query !== undefined && scope.query.trim() !== '') {
    parts.push(`where ${scope.query.trim()}`);
  }
  return parts.join(' ');
}

const STOP_WORDS: Record<string, string> = {
  acknowledged: 'acknowledged',
  resolved: 'resolved',
};

/** "From creation until acknowledged or resolved, business hours, paused in On hold". */
export function clockSummary(clock: EscalationClock, names: Pick<Names, 'status'>): string {
  const start =
    clock.start.on === 'created'
      ? 'From creation'
      : clock.start.on === 'scope'
        ? 'From coming into scope'
        : `From entering ${list(clock.start.statuses.map(names.status))}`;
  const stops = clock.stop.map((stop) => {
    if (stop.on === 'category') return `in ${list(stop.categories)}`;
    if (stop.on === 'status') return `in ${list(stop.statuses.map(names.status))}`;
    return STOP_WORDS[stop.on] ?? stop.on;
  });
  const parts = [`${start} until ${list(stops)}`];
  parts.push(clock.calendar === 'business-hours' ? 'business hours' : 'around the clock');
  if (clock.pauseStatuses.length > 0) {
    parts.push(`paused in ${list(clock.pauseStatuses.map(names.status))}`);
  }
  return parts.join(', ');
}

/** "15 min, then 15 min more; reminders every 30 min, 4 times". */
export function levelsSummary(rule: Pick<EscalationRuleDraft, 'levels' | 'repeat'>): string {
  const steps = rule.levels.map((level, i) =>
    i === 0 || level.from === 'clock-start'
      ? `${formatDelay(level.delayMinutes * MIN)}${i === 0 ? '' : ' from the start'}`
      : `${formatDelay(level.delayMinutes * MIN)} more`,
  );
  let text = steps.length === 1 ? `After ${steps[0]}` : `After ${steps.join(', then ')}`;
  const { repeat } = rule;
  if (repeat !== undefined) {
    const what = repeat.mode === 'last-level' ? 'the last level' : 'all levels';
    text += `; ${what} again every ${formatDelay(repeat.intervalMinutes * MIN)}, ${repeat.count} time${repeat.count === 1 ? '' : 's'}`;
  }
  return text;
}

function recipientWord(recipient: NotifyRecipient): string {
  switch (recipient.kind) {
    case 'assignee':
      return 'the assignee';
    case 'reporter':
      return 'the reporter';
    case 'role':
      return `${recipient.role}s`;
    case 'user':
      return recipient.userId;
  }
}

/**
 * "Notify the assignee and supervisors", "Raise the priority to Critical", "Assign to Dana
 * Smith" (the person named by `personName`, their id by default).
 */
export function actionSummary(
  action: EscalationAction,
  personName: (id: string) => string = (id) => id,
): string {
  switch (action.type) {
    case 'notify':
      return `Notify ${list(action.recipients.map(recipientWord), 'and')}`;
    case 'raise-priority':
      return action.to === undefined
        ? 'Raise the priority a step'
        : `Raise the priority to ${action.to}`;
    case 'set-severity':
      return `Set the severity to ${action.severity}`;
    case 'assign':
      return `Assign to ${personName(action.assignee)}`;
    case 'comment':
      return 'Comment';
    case 'start-bpa-workflow':
      return `Start BPA workflow ${action.definitionId}`;
    case 'jira-issue':
      return `Jira issue in ${action.projectKey}`;
  }
}

// ---------------------------------------------------------------------------------------
// Field mappings as text

/** One `target = template` per line. */
export function mappingText(mapping: FieldMapping): string {
  return Object.entries(mapping)
    .map(([target, template]) => `${target} = ${template}`)
    .join('\n');
}

/** Reads `target = template` lines; a line without `=` is a problem. */
export function parseMappingText(text: string): { mapping: FieldMapping; problem?: string } {
  const mapping: FieldMapping = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    const at = line.indexOf('=');
    if (at <= 0) {
      return {
        mapping,
        problem: `Line ${i + 1} needs the form "target = template" (for example "summary = {title}").`,
      };
    }
    mapping[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { mapping };
}
