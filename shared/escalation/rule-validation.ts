/**
 * Validation of escalation rules at the boundary (IPC, sync, import): every problem of one
 * input is collected and thrown as one DomainError, each under the path of its field
 * (`levels[1].actions[0].projectKey`), with a sentence fit to show in the rule editor.
 */
import {
  ID_MAX,
  ISSUE_TYPES,
  NAME_MAX,
  PRIORITIES,
  ROLES,
  SEVERITY_MAX,
  SEVERITY_MIN,
  STATUS_CATEGORIES,
  TIME_MAX,
  type Severity,
} from '../domain';
import {
  checkChoice,
  checkText,
  describeValue,
  isRecord,
  ProblemCollector,
  readObject,
  type FieldReader,
} from '../validation/problems';
import { levelThresholds } from './clock';
import { clashingTargets, MAPPING_TARGET_PATTERN, parseTemplate } from './field-mapping';
import {
  ACTIONS_PER_LEVEL_MAX,
  BPA_DEFINITION_ID_MAX,
  CLOCK_CALENDARS,
  CLOCK_START_EVENTS,
  CLOCK_STOP_EVENTS,
  COMMENT_TEMPLATE_MAX,
  DELAY_MINUTES_MAX,
  ESCALATION_ACTION_TYPES,
  JIRA_ISSUE_TYPE_MAX,
  JIRA_PROJECT_KEY_MAX,
  JIRA_PROJECT_KEY_PATTERN,
  LEVEL_DELAY_ORIGINS,
  LEVELS_MAX,
  MAPPING_ENTRIES_MAX,
  MAPPING_TARGET_MAX,
  MESSAGE_MAX,
  NOTIFY_RECIPIENT_KINDS,
  QUERY_MAX,
  RECIPIENTS_MAX,
  REPEAT_COUNT_MAX,
  REPEAT_MODES,
  RULE_DESCRIPTION_MAX,
  RULE_NAME_MAX,
  RULE_VERSION_MAX,
  SCOPE_LIST_MAX,
  STOP_CONDITIONS_MAX,
  TEMPLATE_MAX,
  type ClockStart,
  type ClockStop,
  type EscalationAction,
  type EscalationClock,
  type EscalationLevel,
  type EscalationRepeat,
  type EscalationRule,
  type EscalationRuleDraft,
  type EscalationScope,
  type FieldMapping,
  type NotifyRecipient,
} from './rule';

/** Rule ids end up inside escalation ids and version keys: no ':' or '@'. */
export const RULE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export interface RuleValidationOptions {
  /** Status ids that exist (in any workflow); others are refused when given. */
  knownStatuses?: readonly string[];
  /** Location ids that exist; others are refused when given. */
  knownLocationIds?: readonly string[];
  /** Checks a scope query (e.g. with the query parser): a message when it is not valid. */
  checkQuery?: (query: string) => string | undefined;
}

const DRAFT_KEYS = ['name', 'description', 'enabled', 'scope', 'clock', 'levels', 'repeat'];
const RULE_KEYS = [...DRAFT_KEYS, 'id', 'version', 'updatedAt', 'updatedBy'];

/** Validates what a person edited; returns a clean copy or throws a DomainError. */
export function validateEscalationRuleDraft(
  input: unknown,
  options: RuleValidationOptions = {},
): EscalationRuleDraft {
  const problems = new ProblemCollector();
  const read = readObject(input, '', 'An escalation rule', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(DRAFT_KEYS, (key) =>
    RULE_KEYS.includes(key) ? `"${key}" is kept by the app and cannot be given.` : undefined,
  );
  const draft = readDraft(read, options);
  problems.throwIfAny();
  return draft as EscalationRuleDraft;
}

/** Validates a stored rule version (from sync, an import, or IPC). */
export function validateEscalationRule(
  input: unknown,
  options: RuleValidationOptions = {},
): EscalationRule {
  const problems = new ProblemCollector();
  const read = readObject(input, '', 'An escalation rule', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(RULE_KEYS);
  const id = read.text('id', {
    label: 'Rule id',
    min: 1,
    max: ID_MAX,
    trim: false,
    required: true,
  });
  if (id !== undefined && !RULE_ID_PATTERN.test(id)) {
    problems.add(
      read.path('id'),
      'invalid-format',
      'A rule id may only have letters, digits, "-" and "_", and starts with a letter or digit.',
    );
  }
  const version = read.integer('version', 'Version', 1, RULE_VERSION_MAX, true);
  const updatedAt = read.integer('updatedAt', 'Saved at', 0, TIME_MAX, true);
  const updatedBy = read.text('updatedBy', {
    label: 'Saved by',
    min: 1,
    max: NAME_MAX,
    required: true,
  });
  const draft = readDraft(read, options);
  problems.throwIfAny();
  return {
    id: id as string,
    version: version as number,
    updatedAt: updatedAt as number,
    updatedBy: updatedBy as string,
    ...(draft as EscalationRuleDraft),
  };
}

function readDraft(
  read: FieldReader,
  options: RuleValidationOptions,
): Partial<EscalationRuleDraft> {
  const name = read.text('name', { label: 'Name', min: 1, max: RULE_NAME_MAX, required: true });
  const description = read.text('description', { label: 'Description', max: RULE_DESCRIPTION_MAX });
  const enabled = readBoolean(read, 'enabled', 'Enabled', true);
  const scope = readNested(read, 'scope', 'The scope', true, (r) => readScope(r, options));
  const clock = readNested(read, 'clock', 'The clock', true, (r) => readClock(r, options));
  const levels = readLevels(read);
  const repeat = readNested(read, 'repeat', 'Repeat', false, readRepeat);
  const draft: Partial<EscalationRuleDraft> = {
    description: description ?? '',
  };
  if (name !== undefined) draft.name = name;
  if (enabled !== undefined) draft.enabled = enabled;
  if (scope !== undefined) draft.scope = scope;
  if (clock !== undefined) draft.clock = clock;
  if (levels !== undefined) draft.levels = levels;
  if (repeat !== undefined) draft.repeat = repeat;
  return draft;
}

// ---------------------------------------------------------------------------------------
// Small readers

function readBoolean(
  read: FieldReader,
  key: string,
  label: string,
  required: boolean,
): boolean | undefined {
  const value = required ? read.required(key, label) : read.value(key);
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') {
    read.problems.add(
      read.path(key),
      'invalid-format',
      `${label} must be true or false (it is ${describeValue(value)}).`,
    );
    return undefined;
  }
  return value;
}

function readNested<T>(
  read: FieldReader,
  key: string,
  label: string,
  required: boolean,
  inner: (reader: FieldReader) => T | undefined,
): T | undefined {
  const value = required ? read.required(key, label) : read.value(key);
  if (value === undefined) return undefined;
  const nested = readObject(value, read.path(key), label, read.problems);
  return nested ? inner(nested) : undefined;
}

/** A list under `key`; undefined (with a problem) when it is not one or has too many items. */
function readList(
  read: FieldReader,
  key: string,
  label: string,
  bounds: { min: number; max: number; required: boolean },
): unknown[] | undefined {
  const value = bounds.required ? read.required(key, label) : read.value(key);
  if (value === undefined) return undefined;
  const field = read.path(key);
  if (!Array.isArray(value)) {
    read.problems.add(
      field,
      'invalid-format',
      `${label} must be a list (it is ${describeValue(value)}).`,
    );
    return undefined;
  }
  if (value.length < bounds.min) {
    read.problems.add(
      field,
      bounds.min === 1 ? 'required' : 'too-short',
      bounds.min === 1
        ? `${label} must have at least one entry.`
        : `${label} must have at least ${bounds.min} entries.`,
    );
    return undefined;
  }
  if (value.length > bounds.max) {
    read.problems.add(
      field,
      'too-long',
      `${label} may have at most ${bounds.max} entries (it has ${value.length}).`,
    );
    return undefined;
  }
  return value as unknown[];
}

function readChoiceList<T extends string>(
  read: FieldReader,
  key: string,
  label: string,
  allowed: readonly T[],
): T[] {
  const list = readList(read, key, label, { min: 0, max: SCOPE_LIST_MAX, required: false }) ?? [];
  const result: T[] = [];
  list.forEach((item, i) => {
    const value = checkChoice(item, `${read.path(key)}[${i}]`, label, allowed, read.problems);
    if (value !== undefined && !result.includes(value)) result.push(value);
  });
  return result;
}

function readIdList(
  read: FieldReader,
  key: string,
  label: string,
  bounds: { min: number; required: boolean },
  known: readonly string[] | undefined,
  noun: string,
): string[] {
  const list =
    readList(read, key, label, {
      min: bounds.min,
      max: SCOPE_LIST_MAX,
      required: bounds.required,
    }) ?? [];
  const result: string[] = [];
  list.forEach((item, i) => {
    const field = `${read.path(key)}[${i}]`;
    const id = checkText(item, field, { label, min: 1, max: ID_MAX, trim: false }, read.problems);
    if (id === undefined) return;
    if (known !== undefined && !known.includes(id)) {
      read.problems.add(field, 'unknown-reference', `There is no ${noun} "${id}".`);
      return;
    }
    if (!result.includes(id)) result.push(id);
  });
  return result;
}

function checkTemplate(template: string, field: string, problems: ProblemCollector): void {
  for (const message of parseTemplate(template).problems) {
    problems.add(field, 'invalid-format', message);
  }
}

function readTemplate(
  read: FieldReader,
  key: string,
  label: string,
  max: number,
  required: boolean,
): string | undefined {
  const text = read.text(key, { label, min: required ? 1 : 0, max, required });
  if (text !== undefined) checkTemplate(text, read.path(key), read.problems);
  return text;
}

// ---------------------------------------------------------------------------------------
// Scope and clock

function readScope(read: FieldReader, options: RuleValidationOptions): EscalationScope {
  read.refuseUnknown(['priorities', 'types', 'minSeverity', 'locationIds', 'statuses', 'query']);
  const scope: EscalationScope = {
    priorities: readChoiceList(read, 'priorities', 'Priority', PRIORITIES),
    types: readChoiceList(read, 'types', 'Issue type', ISSUE_TYPES),
    locationIds: readIdList(
      read,
      'locationIds',
      'Location',
      { min: 0, required: false },
      options.knownLocationIds,
      'location',
    ),
    statuses: readIdList(
      read,
      'statuses',
      'Status',
      { min: 0, required: false },
      options.knownStatuses,
      'status',
    ),
  };
  const minSeverity = read.integer('minSeverity', 'Minimum severity', SEVERITY_MIN, SEVERITY_MAX);
  if (minSeverity !== undefined) scope.minSeverity = minSeverity as Severity;
  const query = read.text('query', { label: 'Query', max: QUERY_MAX });
  if (query !== undefined && query !== '') {
    const message = options.checkQuery?.(query);
    if (message !== undefined) read.problems.add(read.path('query'), 'invalid-format', message);
    scope.query = query;
  }
  return scope;
}

function readClock(read: FieldReader, options: RuleValidationOptions): EscalationClock | undefined {
  read.refuseUnknown(['start', 'stop', 'pauseStatuses', 'calendar']);
  const start = readNested(read, 'start', 'The clock start', true, (r) => readStart(r, options));
  const stopList = readList(read, 'stop', 'Stop conditions', {
    min: 1,
    max: STOP_CONDITIONS_MAX,
    required: true,
  });
  const stop: ClockStop[] = [];
  stopList?.forEach((item, i) => {
    const reader = readObject(
      item,
      `${read.path('stop')}[${i}]`,
      'A stop condition',
      read.problems,
    );
    const condition = reader ? readStop(reader, options) : undefined;
    if (condition !== undefined) stop.push(condition);
  });
  const pauseStatuses = readIdList(
    read,
    'pauseStatuses',
    'Pause status',
    { min: 0, required: false },
    options.knownStatuses,
    'status',
  );
  const calendar = read.choice('calendar', 'Calendar', CLOCK_CALENDARS, true);
  if (start === undefined || stopList === undefined || calendar === undefined) return undefined;
  if (start.on === 'status') {
    const paused = start.statuses.filter((s) => pauseStatuses.includes(s));
    if (paused.length === start.statuses.length) {
      read.problems.add(
        read.path('pauseStatuses'),
        'not-allowed',
        'The clock would start in a pause status and never run: leave at least one start status out of the pause statuses.',
      );
    }
  }
  return { start, stop, pauseStatuses, calendar };
}

function readStart(read: FieldReader, options: RuleValidationOptions): ClockStart | undefined {
  const on = read.choice('on', 'The clock start', CLOCK_START_EVENTS, true);
  if (on === 'created' || on === 'scope') {
    read.refuseUnknown(['on']);
    return { on };
  }
  read.refuseUnknown(['on', 'statuses']);
  const statuses = readIdList(
    read,
    'statuses',
    'Start status',
    { min: 1, required: true },
    options.knownStatuses,
    'status',
  );
  return on === 'status' && statuses.length > 0 ? { on, statuses } : undefined;
}

function readStop(read: FieldReader, options: RuleValidationOptions): ClockStop | undefined {
  const on = read.choice('on', 'The stop condition', CLOCK_STOP_EVENTS, true);
  if (on === 'acknowledged' || on === 'resolved') {
    read.refuseUnknown(['on']);
    return { on };
  }
  if (on === 'category') {
    read.refuseUnknown(['on', 'categories']);
    const categories = readChoiceList(read, 'categories', 'Status category', STATUS_CATEGORIES);
    if (categories.length === 0) {
      read.problems.add(
        read.path('categories'),
        'required',
        'Choose at least one status category.',
      );
      return undefined;
    }
    return { on, categories };
  }
  if (on === 'status') {
    read.refuseUnknown(['on', 'statuses']);
    const statuses = readIdList(
      read,
      'statuses',
      'Stop status',
      { min: 1, required: true },
      options.knownStatuses,
      'status',
    );
    return statuses.length > 0 ? { on, statuses } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// Levels, repeat and actions

function formatDelay(minutes: number): string {
  if (minutes % 1440 === 0 && minutes > 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0 && minutes > 0) return `${minutes / 60} h`;
  return `${minutes} min`;
}

function readLevels(read: FieldReader): EscalationLevel[] | undefined {
  const list = readList(read, 'levels', 'Levels', { min: 1, max: LEVELS_MAX, required: true });
  if (list === undefined) return undefined;
  const levels: EscalationLevel[] = [];
  let complete = true;
  list.forEach((item, i) => {
    const reader = readObject(item, `${read.path('levels')}[${i}]`, 'A level', read.problems);
    const level = reader ? readLevel(reader) : undefined;
    if (level === undefined) complete = false;
    else levels.push(level);
  });
  if (!complete) return undefined;
  const thresholds = levelThresholds({ levels });
  for (let i = 1; i < thresholds.length; i++) {
    const previous = thresholds[i - 1] as number;
    const current = thresholds[i] as number;
    if (current < previous) {
      read.problems.add(
        `${read.path('levels')}[${i}].delayMinutes`,
        'out-of-range',
        `Level ${i + 1} would come due after ${formatDelay(current / 60_000)}, before level ${i} (${formatDelay(previous / 60_000)}): levels must be in order.`,
      );
    }
  }
  return levels;
}

function readLevel(read: FieldReader): EscalationLevel | undefined {
  read.refuseUnknown(['delayMinutes', 'from', 'actions']);
  const delayMinutes = read.integer('delayMinutes', 'Delay (minutes)', 0, DELAY_MINUTES_MAX, true);
  const from = read.choice('from', 'Measured from', LEVEL_DELAY_ORIGINS, true);
  const list = readList(read, 'actions', 'Actions', {
    min: 0,
    max: ACTIONS_PER_LEVEL_MAX,
    required: true,
  });
  const actions: EscalationAction[] = [];
  let complete = list !== undefined;
  list?.forEach((item, i) => {
    const reader = readObject(item, `${read.path('actions')}[${i}]`, 'An action', read.problems);
    const action = reader ? readAction(reader) : undefined;
    if (action === undefined) complete = false;
    else actions.push(action);
  });
  if (delayMinutes === undefined || from === undefined || !complete) return undefined;
  return { delayMinutes, from, actions };
}

function readRepeat(read: FieldReader): EscalationRepeat | undefined {
  read.refuseUnknown(['count', 'intervalMinutes', 'mode']);
  const count = read.integer('count', 'Repeat count', 1, REPEAT_COUNT_MAX, true);
  const intervalMinutes = read.integer(
    'intervalMinutes',
    'Repeat interval (minutes)',
    1,
    DELAY_MINUTES_MAX,
    true,
  );
  const mode = read.choice('mode', 'What repeats', REPEAT_MODES, true);
  if (count === undefined || intervalMinutes === undefined || mode === undefined) return undefined;
  return { count, intervalMinutes, mode };
}

const ACTION_KEYS: Record<EscalationAction['type'], string[]> = {
  notify: ['type', 'recipients', 'message'],
  'raise-priority': ['type', 'to'],
  'set-severity': ['type', 'severity'],
  assign: ['type', 'assignee'],
  comment: ['type', 'body'],
  'start-bpa-workflow': ['type', 'definitionId', 'context'],
  'jira-issue': ['type', 'projectKey', 'issueType', 'fields'],
};

function readAction(read: FieldReader): EscalationAction | undefined {
  const type = read.choice('type', 'The action', ESCALATION_ACTION_TYPES, true);
  if (type === undefined) return undefined;
  read.refuseUnknown(ACTION_KEYS[type]);
  switch (type) {
    case 'notify': {
      const list = readList(read, 'recipients', 'Recipients', {
        min: 1,
        max: RECIPIENTS_MAX,
        required: true,
      });
      const recipients: NotifyRecipient[] = [];
      list?.forEach((item, i) => {
        const reader = readObject(
          item,
          `${read.path('recipients')}[${i}]`,
          'A recipient',
          read.problems,
        );
        const recipient = reader ? readRecipient(reader) : undefined;
        if (recipient !== undefined) recipients.push(recipient);
      });
      const message = readTemplate(read, 'message', 'Message', MESSAGE_MAX, false);
      if (list === undefined || recipients.length !== list.length) return undefined;
      return message === undefined || message === ''
        ? { type, recipients }
        : { type, recipients, message };
    }
    case 'raise-priority': {
      const to = read.choice('to', 'Raise to', PRIORITIES);
      return to === undefined ? { type } : { type, to };
    }
    case 'set-severity': {
      const severity = read.integer('severity', 'Severity', SEVERITY_MIN, SEVERITY_MAX, true);
      return severity === undefined ? undefined : { type, severity: severity as Severity };
    }
    case 'assign': {
      const assignee = read.text('assignee', {
        label: 'Assignee',
        min: 1,
        max: NAME_MAX,
        required: true,
      });
      return assignee === undefined ? undefined : { type, assignee };
    }
    case 'comment': {
      const body = readTemplate(read, 'body', 'Comment', COMMENT_TEMPLATE_MAX, true);
      return body === undefined ? undefined : { type, body };
    }
    case 'start-bpa-workflow': {
      const definitionId = read.text('definitionId', {
        label: 'Workflow definition id',
        min: 1,
        max: BPA_DEFINITION_ID_MAX,
        required: true,
      });
      const context = readMapping(read, 'context', 'The workflow context');
      if (definitionId === undefined || context === undefined) return undefined;
      return { type, definitionId, context };
    }
    case 'jira-issue': {
      const projectKey = read.text('projectKey', {
        label: 'Jira project key',
        min: 1,
        max: JIRA_PROJECT_KEY_MAX,
        required: true,
      });
      if (projectKey !== undefined && !JIRA_PROJECT_KEY_PATTERN.test(projectKey)) {
        read.problems.add(
          read.path('projectKey'),
          'invalid-format',
          `Jira project key "${projectKey}" must be 2 to 10 capital letters, digits or "_", starting with a letter (e.g. MNT).`,
        );
      }
      const issueType = read.text('issueType', {
        label: 'Jira issue type',
        min: 1,
        max: JIRA_ISSUE_TYPE_MAX,
        required: true,
      });
      const fields = readMapping(read, 'fields', 'The Jira fields');
      if (projectKey === undefined || issueType === undefined || fields === undefined)
        return undefined;
      return { type, projectKey, issueType, fields };
    }
  }
}

function readRecipient(read: FieldReader): NotifyRecipient | undefined {
  const kind = read.choice('kind', 'Recipient', NOTIFY_RECIPIENT_KINDS, true);
  if (kind === 'assignee' || kind === 'reporter') {
    read.refuseUnknown(['kind']);
    return { kind };
  }
  if (kind === 'role') {
    read.refuseUnknown(['kind', 'role']);
    const role = read.choice('role', 'Role', ROLES, true);
    return role === undefined ? undefined : { kind, role };
  }
  if (kind === 'user') {
    read.refuseUnknown(['kind', 'userId']);
    const userId = read.text('userId', { label: 'User', min: 1, max: NAME_MAX, required: true });
    return userId === undefined ? undefined : { kind, userId };
  }
  return undefined;
}

function readMapping(read: FieldReader, key: string, label: string): FieldMapping | undefined {
  const value = read.required(key, label);
  if (value === undefined) return undefined;
  const field = read.path(key);
  const problems = read.problems;
  if (!isRecord(value)) {
    problems.add(
      field,
      'invalid-format',
      `${label} must be an object of target → template (it is ${describeValue(value)}).`,
    );
    return undefined;
  }
  const entries = Object.entries(value).filter(([, template]) => template !== undefined);
  if (entries.length > MAPPING_ENTRIES_MAX) {
    problems.add(
      field,
      'too-long',
      `${label} may have at most ${MAPPING_ENTRIES_MAX} entries (it has ${entries.length}).`,
    );
    return undefined;
  }
  const before = problems.size;
  const mapping: FieldMapping = {};
  for (const [target, template] of entries) {
    const entryField = `${field}[${JSON.stringify(target)}]`;
    if (target.length > MAPPING_TARGET_MAX || !MAPPING_TARGET_PATTERN.test(target)) {
      problems.add(
        entryField,
        'invalid-format',
        `"${target}" is not a target name: use names of letters, digits, "_" and "-", joined by dots.`,
      );
      continue;
    }
    const text = checkText(
      template,
      entryField,
      { label: `"${target}"`, max: TEMPLATE_MAX, trim: false },
      problems,
    );
    if (text === undefined) continue;
    checkTemplate(text, entryField, problems);
    mapping[target] = text;
  }
  for (const target of clashingTargets(mapping)) {
    problems.add(
      `${field}[${JSON.stringify(target)}]`,
      'not-allowed',
      `"${target}" cannot be both a value and hold other targets (${target}.…).`,
    );
  }
  return problems.size > before ? undefined : mapping;
}
