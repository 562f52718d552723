import type { RxJsonSchema } from 'rxdb';
import {
  DESCRIPTION_MAX,
  ID_MAX,
  ISSUE_TYPES,
  NAME_MAX,
  PRIORITIES,
  RESOLUTION_COMMENT_MAX,
  SEVERITY_MAX,
  SEVERITY_MIN,
  TIME_MAX,
  TITLE_MAX,
  type Issue,
} from '../domain';

const id = { type: 'string', maxLength: ID_MAX } as const;
const time = { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 } as const;

export const issueSchema: RxJsonSchema<Issue> = {
  title: 'issue',
  description: 'An issue reported at a plant location, moving through a workflow',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    title: { type: 'string', minLength: 1, maxLength: TITLE_MAX },
    description: { type: 'string', maxLength: DESCRIPTION_MAX },
    type: { type: 'string', enum: [...ISSUE_TYPES], maxLength: 20 },
    priority: { type: 'string', enum: [...PRIORITIES], maxLength: 10 },
    severity: { type: 'integer', minimum: SEVERITY_MIN, maximum: SEVERITY_MAX },
    locationId: id,
    workflowId: id,
    status: id,
    assignee: { type: 'string', maxLength: NAME_MAX },
    reporter: { type: 'string', maxLength: NAME_MAX },
    reportedAt: time,
    acknowledgedAt: time,
    resolvedAt: time,
    resolutionComment: { type: 'string', maxLength: RESOLUTION_COMMENT_MAX },
    customFields: {
      type: 'object',
      additionalProperties: {
        anyOf: [{ type: 'string', maxLength: 500 }, { type: 'number' }, { type: 'boolean' }],
      },
    },
    version: { type: 'integer', minimum: 0 },
    updatedAt: time,
    updatedBy: { type: 'string', maxLength: NAME_MAX },
    updatedOnDevice: id,
  },
  required: [
    'id',
    'title',
    'description',
    'type',
    'priority',
    'severity',
    'locationId',
    'workflowId',
    'status',
    'reporter',
    'reportedAt',
    'customFields',
    'version',
    'updatedAt',
    'updatedBy',
    'updatedOnDevice',
  ],
  additionalProperties: false,
  // [status, updatedAt]: a board column's newest issues and its count (version 1, which
  // replaced the index on status alone).
  indexes: [['status', 'updatedAt'], 'priority', 'locationId', 'reportedAt', 'updatedAt'],
};
