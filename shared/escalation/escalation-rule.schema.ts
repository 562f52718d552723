import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
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
} from '../domain';
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
  LEVEL_DELAY_ORIGINS,
  LEVELS_MAX,
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
  type EscalationRule,
} from './rule';

/** A stored rule version; `key` is `${id}@${version}` (RxDB fills it in on insert). */
export type EscalationRuleDocument = EscalationRule & { key: string };

const id = { type: 'string', maxLength: ID_MAX } as const;
const ids = { type: 'array', maxItems: SCOPE_LIST_MAX, items: id } as const;
const mapping = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: TEMPLATE_MAX },
};

const action = {
  type: 'object',
  properties: {
    type: { type: 'string', enum: [...ESCALATION_ACTION_TYPES] },
    recipients: {
      type: 'array',
      maxItems: RECIPIENTS_MAX,
      items: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: [...NOTIFY_RECIPIENT_KINDS] },
          role: { type: 'string', enum: [...ROLES] },
          userId: { type: 'string', maxLength: NAME_MAX },
        },
        required: ['kind'],
        additionalProperties: false,
      },
    },
    message: { type: 'string', maxLength: MESSAGE_MAX },
    to: { type: 'string', enum: [...PRIORITIES] },
    severity: { type: 'integer', minimum: SEVERITY_MIN, maximum: SEVERITY_MAX },
    assignee: { type: 'string', maxLength: NAME_MAX },
    body: { type: 'string', maxLength: COMMENT_TEMPLATE_MAX },
    definitionId: { type: 'string', maxLength: BPA_DEFINITION_ID_MAX },
    context: mapping,
    projectKey: { type: 'string', maxLength: JIRA_PROJECT_KEY_MAX },
    issueType: { type: 'string', maxLength: JIRA_ISSUE_TYPE_MAX },
    fields: mapping,
  },
  required: ['type'],
  additionalProperties: false,
} as const;

/** The actions of a level; shared with the escalations schema, which copies them. */
export const escalationActionsSchema = {
  type: 'array',
  maxItems: ACTIONS_PER_LEVEL_MAX,
  items: action,
} as const;

/**
 * One document per saved version of a rule: versions are immutable, so two devices never
 * edit the same document except when both save the same next version offline (a conflict
 * the merge settles). The newest version of each id is the rule in force.
 *
 * Version 1: a clock may start on entering the rule's scope (`clock.start.on: 'scope'`), and
 * the lists carry the limits rule validation has always applied (rule.ts). Stored version-0
 * documents, saved through that validation, are valid as they are.
 */
export const escalationRuleSchema: RxJsonSchema<EscalationRuleDocument> = {
  title: 'escalation rule',
  description: 'One saved version of an escalation rule: scope, clock, levels, repeat',
  version: 1,
  primaryKey: { key: 'key', fields: ['id', 'version'], separator: '@' },
  type: 'object',
  properties: {
    key: { type: 'string', maxLength: ID_MAX + 12 },
    id,
    version: { type: 'integer', minimum: 1, maximum: RULE_VERSION_MAX, multipleOf: 1 },
    name: { type: 'string', minLength: 1, maxLength: RULE_NAME_MAX },
    description: { type: 'string', maxLength: RULE_DESCRIPTION_MAX },
    enabled: { type: 'boolean' },
    scope: {
      type: 'object',
      properties: {
        priorities: { type: 'array', items: { type: 'string', enum: [...PRIORITIES] } },
        types: { type: 'array', items: { type: 'string', enum: [...ISSUE_TYPES] } },
        minSeverity: { type: 'integer', minimum: SEVERITY_MIN, maximum: SEVERITY_MAX },
        locationIds: ids,
        statuses: ids,
        query: { type: 'string', maxLength: QUERY_MAX },
      },
      required: ['priorities', 'types', 'locationIds', 'statuses'],
      additionalProperties: false,
    },
    clock: {
      type: 'object',
      properties: {
        start: {
          type: 'object',
          properties: {
            on: { type: 'string', enum: [...CLOCK_START_EVENTS] },
            statuses: ids,
          },
          required: ['on'],
          additionalProperties: false,
        },
        stop: {
          type: 'array',
          minItems: 1,
          maxItems: STOP_CONDITIONS_MAX,
          items: {
            type: 'object',
            properties: {
              on: { type: 'string', enum: [...CLOCK_STOP_EVENTS] },
              categories: {
                type: 'array',
                items: { type: 'string', enum: [...STATUS_CATEGORIES] },
              },
              statuses: ids,
            },
            required: ['on'],
            additionalProperties: false,
          },
        },
        pauseStatuses: ids,
        calendar: { type: 'string', enum: [...CLOCK_CALENDARS] },
      },
      required: ['start', 'stop', 'pauseStatuses', 'calendar'],
      additionalProperties: false,
    },
    levels: {
      type: 'array',
      minItems: 1,
      maxItems: LEVELS_MAX,
      items: {
        type: 'object',
        properties: {
          delayMinutes: { type: 'integer', minimum: 0, maximum: DELAY_MINUTES_MAX },
          from: { type: 'string', enum: [...LEVEL_DELAY_ORIGINS] },
          actions: escalationActionsSchema,
        },
        required: ['delayMinutes', 'from', 'actions'],
        additionalProperties: false,
      },
    },
    repeat: {
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 1, maximum: REPEAT_COUNT_MAX },
        intervalMinutes: { type: 'integer', minimum: 1, maximum: DELAY_MINUTES_MAX },
        mode: { type: 'string', enum: [...REPEAT_MODES] },
      },
      required: ['count', 'intervalMinutes', 'mode'],
      additionalProperties: false,
    },
    updatedAt: { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 },
    updatedBy: { type: 'string', maxLength: NAME_MAX },
  },
  required: [
    'key',
    'id',
    'version',
    'name',
    'description',
    'enabled',
    'scope',
    'clock',
    'levels',
    'updatedAt',
    'updatedBy',
  ],
  additionalProperties: false,
  indexes: ['id'],
};

/** Version 0 → 1 only allowed one more clock start: every stored rule is kept as it is. */
export const escalationRuleMigrations: MigrationStrategies = {
  1: (document: EscalationRuleDocument) => document,
};
