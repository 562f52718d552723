/**
 * Checks a workflow definition arriving as `unknown` (from the workflow editor, IPC or sync)
 * before it is saved: its shape, its references, and that issues can move through it.
 * Every problem is named by its path, e.g. `transitions[2].to`.
 */
import {
  ID_MAX,
  NAME_MAX,
  ROLES,
  STATUS_CATEGORIES,
  TIME_MAX,
  type PostFunction,
  type Role,
  type TransitionValidator,
  type Workflow,
  type WorkflowStatus,
  type WorkflowTransition,
} from '../domain';
import { ProblemCollector, readObject, type FieldReader } from '../validation/problems';

/** A workflow as edited: everything but the time it was saved. */
export type WorkflowDefinition = Omit<Workflow, 'updatedAt'>;

export const WORKFLOW_STATUSES_MAX = 50;
export const WORKFLOW_TRANSITIONS_MAX = 200;
/** Ids of workflows, statuses and transitions: letters, digits, "-" and "_". */
export const WORKFLOW_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

const WORKFLOW_KEYS = ['id', 'name', 'initialStatus', 'statuses', 'transitions', 'updatedAt'];
const STATUS_KEYS = ['id', 'name', 'category'];
const TRANSITION_KEYS = ['id', 'name', 'from', 'to', 'roles', 'validators', 'postFunctions'];
const VALIDATOR_FIELDS = ['resolutionComment', 'assignee'] as const;
const TIMESTAMP_FIELDS = ['acknowledgedAt', 'resolvedAt'] as const;
const CLEARABLE_FIELDS = ['resolvedAt', 'resolutionComment', 'acknowledgedAt'] as const;
const POST_FUNCTION_TYPES = ['set-timestamp', 'clear-field', 'assign-to-actor'] as const;

/** Checks a definition without `updatedAt` (an `updatedAt` given is ignored). */
export function checkWorkflowDefinition(input: unknown): WorkflowDefinition {
  return check(input, false).definition;
}

/** Checks a complete workflow, `updatedAt` included; returns a clean copy. */
export function checkWorkflow(input: unknown): Workflow {
  const { definition, updatedAt } = check(input, true);
  return { ...definition, updatedAt: updatedAt ?? 0 };
}

function check(
  input: unknown,
  withUpdatedAt: boolean,
): { definition: WorkflowDefinition; updatedAt: number | undefined } {
  const problems = new ProblemCollector();
  const read = readObject(input, '', 'A workflow', problems);
  if (!read) throw problems.toError();
  read.refuseUnknown(WORKFLOW_KEYS);

  const id = readId(read, 'id', 'Workflow id', true);
  const name = read.text('name', { label: 'Workflow name', min: 1, max: NAME_MAX, required: true });
  const initialStatus = readId(read, 'initialStatus', 'Initial status', true);
  const statuses = readStatuses(read);
  const transitions = readTransitions(read);
  const updatedAt = withUpdatedAt
    ? read.integer('updatedAt', 'Updated at (epoch milliseconds)', 0, TIME_MAX, true)
    : undefined;

  if (statuses && transitions) {
    checkReferences(statuses, transitions, initialStatus, problems);
    // The graph is only worth checking once every status and transition is sound.
    if (problems.size === 0 && initialStatus !== undefined) {
      checkGraph(statuses, transitions, initialStatus, problems);
    }
  }

  if (
    problems.size > 0 ||
    id === undefined ||
    name === undefined ||
    initialStatus === undefined ||
    !statuses ||
    !transitions
  ) {
    throw problems.toError();
  }
  return {
    definition: {
      id,
      name,
      initialStatus,
      statuses: statuses.map((s) => s.value),
      transitions: transitions.map((t) => t.value),
    },
    updatedAt,
  };
}

/** A checked element and where it was in the input, for naming problems. */
interface Located<T> {
  value: T;
  field: string;
}

function readId(read: FieldReader, key: string, label: string, required: boolean) {
  const value = read.text(key, { label, min: 1, max: ID_MAX, trim: false, required });
  if (value !== undefined && !WORKFLOW_ID_PATTERN.test(value)) {
    read.problems.add(
      read.path(key),
      'invalid-format',
      `${label} "${value}" may contain only letters, digits, "-" and "_", and must start with a letter or digit.`,
    );
    return undefined;
  }
  return value;
}

/** Each entry of a list as a reader, or undefined (with a problem) when not an object. */
function readEntries(
  read: FieldReader,
  key: string,
  label: string,
  entryLabel: string,
  bounds: { min?: number; max: number },
): (FieldReader | undefined)[] | undefined {
  const list = read.list(key, label, { ...bounds, required: true });
  return list?.map((entry, index) =>
    readObject(entry, `${read.path(key)}[${index}]`, entryLabel, read.problems),
  );
}

/** All statuses, or undefined when any of them is unusable. */
function readStatuses(read: FieldReader): Located<WorkflowStatus>[] | undefined {
  const entries = readEntries(read, 'statuses', 'Statuses', 'A status', {
    min: 1,
    max: WORKFLOW_STATUSES_MAX,
  });
  if (!entries) return undefined;
  const statuses: Located<WorkflowStatus>[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!entry) continue;
    entry.refuseUnknown(STATUS_KEYS);
    const id = readId(entry, 'id', 'Status id', true);
    const name = entry.text('name', {
      label: 'Status name',
      min: 1,
      max: NAME_MAX,
      required: true,
    });
    const category = entry.choice('category', 'Status category', STATUS_CATEGORIES, true);
    if (id !== undefined && name !== undefined && category !== undefined) {
      statuses.push({ value: { id, name, category }, field: `statuses[${index}]` });
    }
  }
  return statuses.length === entries.length ? statuses : undefined;
}

/** All transitions, or undefined when any of them is unusable. */
function readTransitions(read: FieldReader): Located<WorkflowTransition>[] | undefined {
  const entries = readEntries(read, 'transitions', 'Transitions', 'A transition', {
    max: WORKFLOW_TRANSITIONS_MAX,
  });
  if (!entries) return undefined;
  const transitions: Located<WorkflowTransition>[] = [];
  for (const [index, entry] of entries.entries()) {
    if (!entry) continue;
    entry.refuseUnknown(TRANSITION_KEYS);
    const id = readId(entry, 'id', 'Transition id', true);
    const name = entry.text('name', {
      label: 'Transition name',
      min: 1,
      max: NAME_MAX,
      required: true,
    });
    const from = readFrom(entry);
    const to = readId(entry, 'to', 'Target status', true);
    const roles = readRoles(entry);
    const validators = readValidators(entry);
    const postFunctions = readPostFunctions(entry);
    if (
      id !== undefined &&
      name !== undefined &&
      from !== undefined &&
      to !== undefined &&
      roles !== undefined &&
      validators !== undefined &&
      postFunctions !== undefined
    ) {
      transitions.push({
        value: { id, name, from, to, roles, validators, postFunctions },
        field: `transitions[${index}]`,
      });
    }
  }
  return transitions.length === entries.length ? transitions : undefined;
}

/** From-statuses, duplicates dropped; each is checked against the statuses later. */
function readFrom(entry: FieldReader): string[] | undefined {
  const list = entry.list('from', 'From-statuses', {
    max: WORKFLOW_STATUSES_MAX,
    required: true,
  });
  if (!list) return undefined;
  const before = entry.problems.size;
  const ids: string[] = [];
  list.forEach((value, index) => {
    const field = `${entry.path('from')}[${index}]`;
    if (typeof value !== 'string' || !WORKFLOW_ID_PATTERN.test(value) || value.length > ID_MAX) {
      entry.problems.add(
        field,
        'invalid-format',
        `From-status ${JSON.stringify(value)} is not a status id.`,
      );
    } else if (!ids.includes(value)) {
      ids.push(value);
    }
  });
  return entry.problems.size === before ? ids : undefined;
}

function readRoles(entry: FieldReader): Role[] | undefined {
  const list = entry.list('roles', 'Roles', { max: ROLES.length * 4, required: true });
  if (!list) return undefined;
  const before = entry.problems.size;
  const roles: Role[] = [];
  list.forEach((value, index) => {
    const field = `${entry.path('roles')}[${index}]`;
    if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value)) {
      entry.problems.add(
        field,
        'not-allowed',
        `Role ${JSON.stringify(value)} is not one of ${ROLES.join(', ')}.`,
      );
    } else if (!roles.includes(value as Role)) {
      roles.push(value as Role);
    }
  });
  return entry.problems.size === before ? roles : undefined;
}

function readValidators(entry: FieldReader): TransitionValidator[] | undefined {
  const entries = readEntries(entry, 'validators', 'Validators', 'A validator', { max: 10 });
  if (!entries) return undefined;
  const validators: TransitionValidator[] = [];
  for (const read of entries) {
    if (!read) continue;
    read.refuseUnknown(['type', 'field']);
    const type = read.choice('type', 'Validator type', ['field-required'] as const, true);
    const field = read.choice('field', 'Required field', VALIDATOR_FIELDS, true);
    if (type !== undefined && field !== undefined) validators.push({ type, field });
  }
  return validators.length === entries.length ? validators : undefined;
}

function readPostFunctions(entry: FieldReader): PostFunction[] | undefined {
  const entries = readEntries(entry, 'postFunctions', 'Post-functions', 'A post-function', {
    max: 20,
  });
  if (!entries) return undefined;
  const postFunctions: PostFunction[] = [];
  for (const read of entries) {
    if (!read) continue;
    const type = read.choice('type', 'Post-function type', POST_FUNCTION_TYPES, true);
    let postFunction: PostFunction | undefined;
    switch (type) {
      case 'set-timestamp': {
        read.refuseUnknown(['type', 'field', 'onlyIfEmpty']);
        const field = read.choice('field', 'Timestamp field', TIMESTAMP_FIELDS, true);
        const onlyIfEmpty = read.boolean('onlyIfEmpty', 'Only if empty', true);
        if (field !== undefined && onlyIfEmpty !== undefined) {
          postFunction = { type, field, onlyIfEmpty };
        }
        break;
      }
      case 'clear-field': {
        read.refuseUnknown(['type', 'field']);
        const field = read.choice('field', 'Field to clear', CLEARABLE_FIELDS, true);
        if (field !== undefined) postFunction = { type, field };
        break;
      }
      case 'assign-to-actor': {
        read.refuseUnknown(['type', 'onlyIfEmpty']);
        const onlyIfEmpty = read.boolean('onlyIfEmpty', 'Only if empty', true);
        if (onlyIfEmpty !== undefined) postFunction = { type, onlyIfEmpty };
        break;
      }
      case undefined:
        break;
    }
    if (postFunction) postFunctions.push(postFunction);
  }
  return postFunctions.length === entries.length ? postFunctions : undefined;
}

/** The statuses a transition can start from: its `from`, or every other status. */
export function sourcesOf(transition: WorkflowTransition, statusIds: readonly string[]): string[] {
  return transition.from.length > 0
    ? transition.from.filter((id) => id !== transition.to)
    : statusIds.filter((id) => id !== transition.to);
}

function checkReferences(
  statuses: Located<WorkflowStatus>[],
  transitions: Located<WorkflowTransition>[],
  initialStatus: string | undefined,
  problems: ProblemCollector,
): void {
  const byId = new Map<string, WorkflowStatus>();
  const names = new Set<string>();
  for (const { value: status, field } of statuses) {
    if (byId.has(status.id)) {
      problems.add(`${field}.id`, 'not-allowed', `Status id "${status.id}" is used twice.`);
    } else {
      byId.set(status.id, status);
    }
    const name = status.name.toLocaleLowerCase();
    if (names.has(name)) {
      problems.add(`${field}.name`, 'not-allowed', `Status name "${status.name}" is used twice.`);
    }
    names.add(name);
  }
  for (const category of ['todo', 'done'] as const) {
    if (!statuses.some((s) => s.value.category === category)) {
      problems.add(
        'statuses',
        'required',
        `A workflow needs at least one status of category "${category}".`,
      );
    }
  }
  if (initialStatus !== undefined) {
    const initial = byId.get(initialStatus);
    if (!initial) {
      problems.add(
        'initialStatus',
        'unknown-reference',
        `Initial status "${initialStatus}" is not one of the workflow's statuses.`,
      );
    } else if (initial.category !== 'todo') {
      problems.add(
        'initialStatus',
        'not-allowed',
        `The initial status must be of category "todo" ("${initial.name}" is "${initial.category}").`,
      );
    }
  }

  const transitionIds = new Set<string>();
  for (const { value: transition, field } of transitions) {
    if (transitionIds.has(transition.id)) {
      problems.add(`${field}.id`, 'not-allowed', `Transition id "${transition.id}" is used twice.`);
    }
    transitionIds.add(transition.id);
    const label = `"${transition.name}"`;
    const target = byId.get(transition.to);
    if (!target) {
      problems.add(
        `${field}.to`,
        'unknown-reference',
        `${label} leads to "${transition.to}", which is not one of the workflow's statuses.`,
      );
    }
    transition.from.forEach((from, index) => {
      if (!byId.has(from)) {
        problems.add(
          `${field}.from[${index}]`,
          'unknown-reference',
          `${label} starts from "${from}", which is not one of the workflow's statuses.`,
        );
      } else if (from === transition.to) {
        problems.add(
          `${field}.from[${index}]`,
          'not-allowed',
          `${label} cannot lead from "${from}" to itself.`,
        );
      }
    });
    if (target) checkResolvedAt(transition, target, field, byId, problems);
  }
}

/**
 * Keeps "category done ⇔ resolvedAt set" true for every issue: a transition into done from
 * elsewhere sets resolvedAt, a transition out of done clears it, and none does the opposite.
 */
function checkResolvedAt(
  transition: WorkflowTransition,
  target: WorkflowStatus,
  field: string,
  byId: Map<string, WorkflowStatus>,
  problems: ProblemCollector,
): void {
  const label = `"${transition.name}"`;
  const sources = sourcesOf(transition, [...byId.keys()])
    .map((id) => byId.get(id))
    .filter((s) => s !== undefined);
  const intoDone = target.category === 'done';
  transition.postFunctions.forEach((postFunction, index) => {
    if (postFunction.type === 'set-timestamp' && postFunction.field === 'resolvedAt' && !intoDone) {
      problems.add(
        `${field}.postFunctions[${index}]`,
        'not-allowed',
        `${label} leads to "${target.name}", which is not done, so it cannot set resolvedAt.`,
      );
    }
    if (postFunction.type === 'clear-field' && postFunction.field === 'resolvedAt' && intoDone) {
      problems.add(
        `${field}.postFunctions[${index}]`,
        'not-allowed',
        `${label} leads to "${target.name}", which is done, so it cannot clear resolvedAt.`,
      );
    }
  });
  const has = (type: PostFunction['type']) =>
    transition.postFunctions.some(
      (p) => p.type === type && 'field' in p && p.field === 'resolvedAt',
    );
  if (intoDone && sources.some((s) => s.category !== 'done') && !has('set-timestamp')) {
    problems.add(
      `${field}.postFunctions`,
      'required',
      `${label} resolves issues (it leads to "${target.name}"), so it must set resolvedAt.`,
    );
  }
  if (!intoDone && sources.some((s) => s.category === 'done') && !has('clear-field')) {
    problems.add(
      `${field}.postFunctions`,
      'required',
      `${label} reopens issues (it leads from a done status to "${target.name}"), so it must clear resolvedAt.`,
    );
  }
}

/** Every status is reachable from the initial one, and every open status can be resolved. */
function checkGraph(
  statuses: Located<WorkflowStatus>[],
  transitions: Located<WorkflowTransition>[],
  initialStatus: string,
  problems: ProblemCollector,
): void {
  const ids = statuses.map((s) => s.value.id);
  const edges = transitions.flatMap(({ value: t }) =>
    sourcesOf(t, ids).map((from) => [from, t.to] as const),
  );
  const closure = (start: string[], step: (id: string) => string[]): Set<string> => {
    const seen = new Set(start);
    const queue = [...start];
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      for (const next of step(id)) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  };
  const reachable = closure([initialStatus], (id) =>
    edges.filter(([from]) => from === id).map(([, to]) => to),
  );
  const done = statuses.filter((s) => s.value.category === 'done').map((s) => s.value.id);
  const canFinish = closure(done, (id) =>
    edges.filter(([, to]) => to === id).map(([from]) => from),
  );
  const initialName = statuses.find((s) => s.value.id === initialStatus)?.value.name;
  for (const { value: status, field } of statuses) {
    if (!reachable.has(status.id)) {
      problems.add(
        field,
        'not-allowed',
        `Status "${status.name}" cannot be reached from the initial status "${initialName}".`,
      );
    } else if (!canFinish.has(status.id)) {
      problems.add(
        field,
        'not-allowed',
        `Issues in status "${status.name}" could never be resolved: no transitions lead from it to a done status.`,
      );
    }
  }
}
