/**
 * Fixtures and fast-check arbitraries for the merge's tests: a workflow with statuses of
 * every category, issues, workflows and locations, and edits of them made on one side.
 */
import fc from 'fast-check';
import { Ajv } from 'ajv';
import {
  ISSUE_TYPES,
  PRIORITIES,
  type CustomFieldValue,
  type Issue,
  type Location,
  type Severity,
  type Workflow,
} from '../domain';
import { issueEventSchema } from '../schemas/issue-event.schema';
import { issueSchema } from '../schemas/issue.schema';
import { locationSchema } from '../schemas/location.schema';
import { workflowSchema } from '../schemas/workflow.schema';
import { statusCategories, type IssueMergeContext } from './merge';

export const WORKFLOW: Workflow = {
  id: 'wf-test',
  name: 'Test workflow',
  initialStatus: 'new',
  statuses: [
    { id: 'new', name: 'New', category: 'todo' },
    { id: 'triage', name: 'Triage', category: 'todo' },
    { id: 'in-progress', name: 'In Progress', category: 'in-progress' },
    { id: 'waiting', name: 'Waiting for parts', category: 'in-progress' },
    { id: 'resolved', name: 'Resolved', category: 'done' },
    { id: 'closed', name: 'Closed', category: 'done' },
  ],
  transitions: [],
  updatedAt: 0,
};

/** A status the workflow does not know (e.g. from a workflow not replicated yet). */
export const UNKNOWN_STATUS = 'legacy';

export const CTX: IssueMergeContext = { categoryOf: statusCategories([WORKFLOW]) };

export const T0 = 1_700_000_000_000;

export function issue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: 'issue-1',
    title: 'Conveyor belt jammed',
    description: 'Line 3 stopped at the transfer point.',
    type: 'breakdown',
    priority: 'Medium',
    severity: 3,
    locationId: 'line-3',
    workflowId: WORKFLOW.id,
    status: 'new',
    reporter: 'tom',
    reportedAt: T0,
    customFields: { shift: 'B' },
    version: 3,
    updatedAt: T0 + 1000,
    updatedBy: 'tom',
    updatedOnDevice: 'dev-tom',
    ...overrides,
  };
}

/**
 * ajv as RxDB's validate-ajv plugin configures it (strict, RxDB's schema keywords), plus
 * union types, which the issue schema's custom-field values need.
 */
const ajv = new Ajv({ strict: true, allowUnionTypes: true });
for (const keyword of ['version', 'primaryKey', 'indexes', 'keyCompression', 'encrypted']) {
  ajv.addKeyword(keyword);
}

function validatorOf(schema: object): (doc: unknown) => unknown[] {
  const validate = ajv.compile(schema);
  return (doc) => (validate(doc) ? [] : (validate.errors ?? ['invalid']));
}

/** The schema errors of a document; empty when it validates. */
export const issueErrors = validatorOf(issueSchema);
export const workflowErrors = validatorOf(workflowSchema);
export const locationErrors = validatorOf(locationSchema);
export const issueEventErrors = validatorOf(issueEventSchema);

/** Drops properties holding `undefined`, as a stored document would. */
export function compact<T extends object>(doc: T): T {
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as T;
}

/** Small pools make both sides pick the same value now and then. */
function pooled<T>(pool: readonly T[], wide: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: wide },
  );
}

const KEEP = Symbol('keep');
type Edit<T> = T | typeof KEEP;

/** Mostly no change, sometimes a new value (which may be `undefined`: cleared). */
function edit<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Edit<T>> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(KEEP) }, { weight: 2, arbitrary: arb });
}

function optional<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arb, { nil: undefined, freq: 3 });
}

const time = fc.integer({ min: T0, max: T0 + 10_000_000 });
const title = pooled(
  ['Conveyor belt jammed', 'Motor overheating', 'Guard missing'],
  fc.string({ minLength: 1, maxLength: 100 }),
);
const description = pooled(
  ['', 'Line 3 stopped.', 'Oil on the floor.'],
  fc.string({ maxLength: 60 }),
);
const comment = pooled(['Replaced the belt.', 'Reset the breaker.'], fc.string({ maxLength: 60 }));
const person = fc.constantFrom('tom', 'ana', 'li', 'sam');
const device = fc.constantFrom('dev-tom', 'dev-ana', 'dev-li');
const status = fc.constantFrom(...WORKFLOW.statuses.map((s) => s.id), UNKNOWN_STATUS);
const severity = fc.integer({ min: 1, max: 5 }) as fc.Arbitrary<Severity>;
const customKey = fc.constantFrom('shift', 'line', 'batch', 'cause');
const customValue: fc.Arbitrary<CustomFieldValue> = fc.oneof(
  fc.constantFrom('A', 'B', 'C'),
  fc.integer({ min: 0, max: 9 }),
  fc.boolean(),
);

export const issueArb: fc.Arbitrary<Issue> = fc
  .record({
    title,
    description,
    type: fc.constantFrom(...ISSUE_TYPES),
    priority: fc.constantFrom(...PRIORITIES),
    severity,
    locationId: fc.constantFrom('line-1', 'line-2', 'area-1'),
    status,
    assignee: optional(person),
    reporter: person,
    reportedAt: time,
    acknowledgedAt: optional(time),
    resolvedAt: optional(time),
    resolutionComment: optional(comment),
    customFields: fc.dictionary(customKey, customValue, { maxKeys: 3 }),
    version: fc.integer({ min: 1, max: 50 }),
    updatedAt: time,
    updatedBy: person,
    updatedOnDevice: device,
  })
  .map((fields) => compact<Issue>({ id: 'issue-1', workflowId: WORKFLOW.id, ...fields }));

/** One side's edits of an issue since the base, with its own bookkeeping. */
export function issueEditArb(base: Issue): fc.Arbitrary<Issue> {
  return fc
    .record({
      title: edit(title),
      description: edit(description),
      type: edit(fc.constantFrom(...ISSUE_TYPES)),
      priority: edit(fc.constantFrom(...PRIORITIES)),
      severity: edit(severity),
      locationId: edit(fc.constantFrom('line-1', 'line-2', 'area-1')),
      status: edit(status),
      assignee: edit(optional(person)),
      acknowledgedAt: edit(optional(time)),
      resolvedAt: edit(optional(time)),
      resolutionComment: edit(optional(comment)),
      custom: fc.array(fc.tuple(customKey, edit(optional(customValue))), { maxLength: 3 }),
      versions: fc.integer({ min: 0, max: 3 }),
      updatedAt: time,
      updatedBy: person,
      updatedOnDevice: device,
    })
    .map(({ custom, versions, updatedAt, updatedBy, updatedOnDevice, ...fields }) => {
      const next: Record<string, unknown> = { ...base, customFields: { ...base.customFields } };
      for (const [field, value] of Object.entries(fields)) {
        if (value !== KEEP) next[field] = value;
      }
      const customFields = next.customFields as Record<string, unknown>;
      for (const [key, value] of custom) {
        if (value !== KEEP) customFields[key] = value;
      }
      next.customFields = compact(customFields);
      Object.assign(next, { updatedAt, updatedBy, updatedOnDevice });
      next.version = base.version + versions;
      return compact(next) as unknown as Issue;
    });
}

/** A base and two sides edited from it independently. */
export const issueTripleArb = issueArb.chain((base) =>
  fc.tuple(fc.constant(base), issueEditArb(base), issueEditArb(base)),
);

const statusId = fc.constantFrom('new', 'doing', 'done', 'parked');
const workflowStatusesArb = fc.uniqueArray(
  fc.record({
    id: statusId,
    name: fc.constantFrom('New', 'Doing', 'Done', 'Parked'),
    category: fc.constantFrom('todo', 'in-progress', 'done'),
  }),
  { minLength: 1, maxLength: 3, selector: (s) => s.id },
);
const transitionsArb = fc.array(
  fc.record({
    id: fc.constantFrom('t-start', 't-finish', 't-reopen'),
    name: fc.constantFrom('Start', 'Finish', 'Reopen'),
    from: fc.array(statusId, { maxLength: 2 }),
    to: statusId,
    roles: fc.constantFrom([], ['supervisor'] as const, ['technician', 'admin'] as const),
    validators: fc.constantFrom([], [
      { type: 'field-required', field: 'resolutionComment' },
    ] as const),
    postFunctions: fc.constantFrom([], [{ type: 'clear-field', field: 'resolvedAt' }] as const),
  }),
  { maxLength: 2 },
) as fc.Arbitrary<Workflow['transitions']>;

export const workflowArb: fc.Arbitrary<Workflow> = fc.record({
  id: fc.constant('wf-1'),
  name: pooled(['Default', 'Safety'], fc.string({ minLength: 1, maxLength: 100 })),
  initialStatus: statusId,
  statuses: workflowStatusesArb,
  transitions: transitionsArb,
  updatedAt: time,
});

export function workflowEditArb(base: Workflow): fc.Arbitrary<Workflow> {
  return fc
    .record({
      name: edit(pooled(['Default', 'Safety'], fc.string({ minLength: 1, maxLength: 100 }))),
      initialStatus: edit(statusId),
      statuses: edit(workflowStatusesArb),
      transitions: edit(transitionsArb),
      updatedAt: time,
    })
    .map((fields) => {
      const next: Record<string, unknown> = { ...base };
      for (const [field, value] of Object.entries(fields)) {
        if (value !== KEEP) next[field] = value;
      }
      return next as unknown as Workflow;
    });
}

const calendarArb = fc.record({
  weekly: fc.array(
    fc.record({
      day: fc.constantFrom(0, 1, 2, 3, 4, 5, 6),
      startMinute: fc.constantFrom(360, 480),
      endMinute: fc.constantFrom(960, 1080),
    }),
    { maxLength: 2 },
  ),
  holidays: fc.constantFrom([], ['2025-12-25']),
}) as fc.Arbitrary<NonNullable<Location['calendar']>>;

const locationFields = {
  name: pooled(['Plant North', 'Line 1'], fc.string({ minLength: 1, maxLength: 100 })),
  kind: fc.constantFrom('site', 'area', 'line'),
  parentId: optional(fc.constantFrom('site-1', 'area-1')),
  timeZone: optional(fc.constantFrom('Europe/Berlin', 'America/Chicago')),
  calendar: optional(calendarArb),
} as const;

export const locationArb: fc.Arbitrary<Location> = fc
  .record({ ...locationFields, updatedAt: time })
  .map((fields) => compact({ id: 'loc-1', ...fields }) as Location);

export function locationEditArb(base: Location): fc.Arbitrary<Location> {
  return fc
    .record({
      name: edit(locationFields.name),
      kind: edit(locationFields.kind),
      parentId: edit(locationFields.parentId),
      timeZone: edit(locationFields.timeZone),
      calendar: edit(locationFields.calendar),
      updatedAt: time,
    })
    .map((fields) => {
      const next: Record<string, unknown> = { ...base };
      for (const [field, value] of Object.entries(fields)) {
        if (value !== KEEP) next[field] = value;
      }
      return compact(next) as unknown as Location;
    });
}
