import type { RxJsonSchema } from 'rxdb';
import { ID_MAX, ISSUE_EVENT_KINDS, NAME_MAX, TIME_MAX, type IssueEvent } from '../domain';

// anyOf rather than a type list: ajv's strict mode refuses union types.
const value = {
  anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }],
} as const;

export const issueEventSchema: RxJsonSchema<IssueEvent> = {
  title: 'issue event',
  description: 'Append-only history of an issue: who changed which fields, when, from where',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ID_MAX },
    issueId: { type: 'string', maxLength: ID_MAX },
    kind: { type: 'string', enum: [...ISSUE_EVENT_KINDS], maxLength: 20 },
    actor: { type: 'string', maxLength: NAME_MAX },
    deviceId: { type: 'string', maxLength: ID_MAX },
    at: { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 },
    changes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', maxLength: NAME_MAX },
          from: value,
          to: value,
        },
        required: ['field', 'from', 'to'],
        additionalProperties: false,
      },
    },
    transitionId: { type: 'string', maxLength: ID_MAX },
    note: { type: 'string', maxLength: 2000 },
  },
  required: ['id', 'issueId', 'kind', 'actor', 'deviceId', 'at', 'changes'],
  additionalProperties: false,
  indexes: [['issueId', 'at']],
};
