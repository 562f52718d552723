/**
 * Shared by the query tests: a context with two workflows and a location tree, generators
 * of valid issues and of well-typed query trees, and span-free comparison of trees.
 */
import fc from 'fast-check';
import { ISSUE_TYPES, PRIORITIES, type CustomFieldValue, type Issue } from '../domain';
import type { OrderByItem, Operator, Query, QueryNode, QueryValue, Span } from './ast';
import type { QueryContext } from './context';
import { BUILTIN_FIELDS, customFieldSpec, type FieldSpec } from './fields';

export const NOW = Date.UTC(2026, 10, 15, 10, 30, 0);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export const CONTEXT: QueryContext = {
  now: NOW,
  timeZone: 'Europe/Berlin',
  statuses: [
    { id: 'st-new', name: 'New' },
    { id: 'st-progress', name: 'In Progress' },
    { id: 'st-resolved', name: 'Resolved' },
    { id: 'st-closed', name: 'Closed' },
    // A second workflow reusing a name in other case: the name stands for both ids.
    { id: 'st2-new', name: 'new' },
    { id: 'st2-waiting', name: 'Waiting for parts' },
  ],
  locations: [
    { id: 'pa', name: 'Plant A' },
    { id: 'pa-h1', name: 'Hall 1', parentId: 'pa' },
    { id: 'pa-h1-l3', name: 'Line 3', parentId: 'pa-h1' },
    { id: 'pa-h2', name: 'Hall 2', parentId: 'pa' },
    { id: 'pan', name: 'Plant A North' },
    { id: 'pb', name: 'Plant B' },
    { id: 'pb-l3', name: 'Line 3', parentId: 'pb' },
  ],
  // People by server id; one's id is also another's name, and two share a name in other case.
  people: [
    { id: 'u-7', name: 'Bob Builder' },
    { id: 'u-8', name: 'bob builder' },
    { id: 'u-9', name: 'alice' },
    { id: 'u-10', name: 'Dana Smith' },
  ],
};

export const CUSTOM_FIELD_NAMES = ['line', 'downtime', 'safety', 'due'] as const;

const ZERO: Span = { start: 0, end: 0 };

/** A copy of a tree without spans, for comparing trees built from different texts. */
export function withoutSpans<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSpans) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key !== 'span') out[key] = withoutSpans(child);
    }
    return out as T;
  }
  return value;
}

// ---------------------------------------------------------------------------------------
// Issues

const TEXTS = [
  'Pump leak',
  'pump LEAK at Line 3',
  'Conveyor jam',
  'a.b (c)*',
  'Straße Ümlaut',
  'x',
  'Plant A',
  '[bracket] ^caret$',
  'back\\slash',
  'quote "q"',
];
const PEOPLE = ['alice', 'Alice', 'bob', 'carol', 'ALICE', '', 'u-7', 'u-8', 'u-9', 'U-10', 'u-11'];
const PERSON_NAMES = (CONTEXT.people ?? []).map((person) => person.name);
const CUSTOM_TEXTS = ['L3', 'l3', 'yes', '30', '', 'true', 'Line 3', '2026-11-01'];

const boundaryTimes = [
  NOW,
  NOW - 7 * DAY,
  NOW - 2 * 60 * MINUTE,
  NOW - 30 * MINUTE,
  NOW - 7 * DAY + 1,
  // 2026-11-01 00:00 and 08:00 in Berlin (UTC+1 in November).
  Date.UTC(2026, 9, 31, 23, 0),
  Date.UTC(2026, 9, 31, 22, 59, 59, 999),
  Date.UTC(2026, 10, 1, 23, 0),
  Date.UTC(2026, 10, 1, 7, 0),
  Date.UTC(2026, 10, 1, 7, 1),
];

export const timeArb = fc.oneof(
  fc.integer({ min: NOW - 40 * DAY, max: NOW + 2 * DAY }),
  fc.constantFrom(...boundaryTimes),
);

const customValueArb: fc.Arbitrary<CustomFieldValue> = fc.oneof(
  fc.constantFrom(...CUSTOM_TEXTS),
  fc.integer({ min: -5, max: 60 }),
  fc.constantFrom(2.5, 30, 0),
  fc.boolean(),
  timeArb,
);

const issueFieldsArb = fc.record(
  {
    title: fc.oneof(fc.constantFrom(...TEXTS), fc.string({ minLength: 1, maxLength: 12 })),
    description: fc.oneof(fc.constant(''), fc.constantFrom(...TEXTS)),
    type: fc.constantFrom(...ISSUE_TYPES),
    priority: fc.constantFrom(...PRIORITIES),
    severity: fc.constantFrom(1, 2, 3, 4, 5 as const),
    locationId: fc.constantFrom(...CONTEXT.locations.map((l) => l.id), 'gone'),
    status: fc.constantFrom(...CONTEXT.statuses.map((s) => s.id), 'orphan'),
    assignee: fc.constantFrom(...PEOPLE),
    reporter: fc.constantFrom(...PEOPLE),
    reportedAt: timeArb,
    acknowledgedAt: timeArb,
    resolvedAt: timeArb,
    customFields: fc.dictionary(fc.constantFrom(...CUSTOM_FIELD_NAMES), customValueArb, {
      maxKeys: 4,
    }),
    updatedAt: timeArb,
  },
  {
    requiredKeys: [
      'title',
      'description',
      'type',
      'priority',
      'severity',
      'locationId',
      'status',
      'reporter',
      'reportedAt',
      'customFields',
      'updatedAt',
    ],
  },
);

export const issuesArb: fc.Arbitrary<Issue[]> = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), { maxLength: 30, size: 'medium' })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(issueFieldsArb, { minLength: ids.length, maxLength: ids.length }),
    ),
  )
  .map(([ids, fields]) =>
    ids.map((id, i): Issue => ({
      id,
      workflowId: 'wf',
      version: 0,
      updatedBy: 'tester',
      updatedOnDevice: 'device',
      ...(fields[i] as Omit<
        Issue,
        'id' | 'workflowId' | 'version' | 'updatedBy' | 'updatedOnDevice'
      >),
    })),
  );

// ---------------------------------------------------------------------------------------
// Query trees

const textValue = (text: string): QueryValue => ({ kind: 'text', text, span: ZERO });

/** Text to search for: fragments of the generated data, odd characters, random strings. */
const searchTextArb = fc.oneof(
  fc.constantFrom(
    ...TEXTS,
    ...PEOPLE,
    ...CUSTOM_TEXTS,
    'pump',
    'LEAK',
    'a.b',
    '*',
    '(c)',
    '^',
    '$',
    '\\',
    'line',
    'plant a',
    'Ü',
    'and',
    'NOT',
    'true',
    'now',
  ),
  fc.string({ maxLength: 4 }),
);

function nameArb(names: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...names), fc.constantFrom('same', 'lower', 'upper'))
    .map(([name, mode]) =>
      mode === 'lower' ? name.toLowerCase() : mode === 'upper' ? name.toUpperCase() : name,
    );
}

const dateValueArb: fc.Arbitrary<QueryValue> = fc.oneof(
  fc
    .record({ month: fc.constantFrom(10, 11), day: fc.integer({ min: 1, max: 30 }) })
    .map(({ month, day }) => ({ kind: 'date' as const, year: 2026, month, day, span: ZERO })),
  fc
    .record({
      day: fc.integer({ min: 1, max: 15 }),
      hour: fc.integer({ min: 0, max: 23 }),
      minute: fc.constantFrom(0, 1, 30, 59),
      second: fc.option(fc.constantFrom(0, 59), { nil: undefined }),
    })
    .map(({ day, hour, minute, second }) => ({
      kind: 'date' as const,
      year: 2026,
      month: 11,
      day,
      time: second === undefined ? { hour, minute } : { hour, minute, second },
      span: ZERO,
    })),
  fc
    .record({
      amount: fc.integer({ min: -40, max: 3 }),
      unit: fc.constantFrom('m', 'h', 'd', 'w' as const),
    })
    .map(({ amount, unit }) => ({ kind: 'relative-date' as const, amount, unit, span: ZERO })),
  fc.constant({ kind: 'now' as const, span: ZERO }),
);

const numberArb = fc.oneof(fc.integer({ min: -5, max: 60 }), fc.constantFrom(2.5, 0.5, 1e21));

function valueArb(spec: FieldSpec, operator: Operator): fc.Arbitrary<QueryValue> {
  if (operator === '~' || operator === '!~') {
    if (spec.enumSource === 'statuses')
      return fc.oneof(searchTextArb, nameArb(['new', 'progress', 'o'])).map(textValue);
    if (spec.enumSource === 'locations')
      return fc.oneof(searchTextArb, nameArb(['plant', 'line 3', 'Hall'])).map(textValue);
    if (spec.person)
      return fc.oneof(searchTextArb, nameArb(['builder', 'smith', 'u-'])).map(textValue);
    return searchTextArb.map(textValue);
  }
  const inList = operator === 'IN' || operator === 'NOT IN';
  switch (spec.type) {
    case 'text':
      if (spec.person) return fc.oneof(searchTextArb, nameArb(PERSON_NAMES)).map(textValue);
      return searchTextArb.map(textValue);
    case 'number':
      return numberArb.map((value) => ({ kind: 'number' as const, value, span: ZERO }));
    case 'date':
      return dateValueArb;
    case 'enum':
      if (spec.enumSource === 'statuses')
        return nameArb(CONTEXT.statuses.map((s) => s.name)).map(textValue);
      if (spec.enumSource === 'locations')
        return nameArb(CONTEXT.locations.map((l) => l.name)).map(textValue);
      return fc
        .constantFrom(...(spec.members ?? []))
        .map((value) => ({ kind: 'enum' as const, value, span: ZERO }));
    case 'custom': {
      const ordered =
        operator === '>' || operator === '>=' || operator === '<' || operator === '<=';
      const numbers = numberArb.map((value) => ({ kind: 'number' as const, value, span: ZERO }));
      const others: fc.Arbitrary<QueryValue>[] = [
        searchTextArb.map(textValue),
        fc.boolean().map((value) => ({ kind: 'boolean' as const, value, span: ZERO })),
      ];
      if (ordered) return fc.oneof(numbers, dateValueArb);
      if (inList) return fc.oneof(numbers, ...others);
      return fc.oneof(numbers, dateValueArb, ...others);
    }
  }
}

const fieldArb: fc.Arbitrary<FieldSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...BUILTIN_FIELDS) },
  { weight: 1, arbitrary: fc.constantFrom(...CUSTOM_FIELD_NAMES).map(customFieldSpec) },
);

export const clauseArb: fc.Arbitrary<QueryNode> = fieldArb.chain((spec) =>
  fc.constantFrom(...spec.operators).chain((operator): fc.Arbitrary<QueryNode> => {
    const field = { name: spec.name, span: ZERO };
    if (operator === 'IS EMPTY' || operator === 'IS NOT EMPTY') {
      return fc.constant({
        kind: 'empty',
        field,
        negated: operator === 'IS NOT EMPTY',
        span: ZERO,
      });
    }
    if (operator === 'IN' || operator === 'NOT IN') {
      return fc.array(valueArb(spec, operator), { minLength: 1, maxLength: 3 }).map((values) => ({
        kind: 'in',
        field,
        negated: operator === 'NOT IN',
        values,
        span: ZERO,
      }));
    }
    return valueArb(spec, operator).map((value) => ({
      kind: 'comparison',
      field,
      operator,
      value,
      span: ZERO,
    }));
  }),
);

export const nodeArb: fc.Arbitrary<QueryNode> = fc.letrec<{ node: QueryNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: clauseArb },
    {
      weight: 1,
      arbitrary: fc
        .array(tie('node'), { minLength: 2, maxLength: 3 })
        .map((operands) => ({ kind: 'and' as const, operands, span: ZERO })),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(tie('node'), { minLength: 2, maxLength: 3 })
        .map((operands) => ({ kind: 'or' as const, operands, span: ZERO })),
    },
    {
      weight: 1,
      arbitrary: tie('node').map((operand) => ({ kind: 'not' as const, operand, span: ZERO })),
    },
  ),
})).node;

const SORTABLE = [
  ...BUILTIN_FIELDS.map((f) => f.name),
  ...CUSTOM_FIELD_NAMES.map((n) => `cf.${n}`),
];

export const orderByArb: fc.Arbitrary<OrderByItem[]> = fc
  .uniqueArray(fc.constantFrom(...SORTABLE), { maxLength: 3 })
  .chain((fields) =>
    fc
      .array(fc.constantFrom('asc', 'desc' as const), {
        minLength: fields.length,
        maxLength: fields.length,
      })
      .map((directions) =>
        fields.map((name, i) => ({
          field: { name, span: ZERO },
          direction: directions[i] ?? 'asc',
          span: ZERO,
        })),
      ),
  );

export const queryArb: fc.Arbitrary<Query> = fc.record({
  where: fc.option(nodeArb, { nil: null, freq: 6 }),
  orderBy: orderByArb,
});
