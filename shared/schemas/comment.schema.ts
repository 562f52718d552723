import type { RxJsonSchema } from 'rxdb';
import { COMMENT_MAX, ID_MAX, NAME_MAX, TIME_MAX, type IssueComment } from '../domain';

export const commentSchema: RxJsonSchema<IssueComment> = {
  title: 'comment',
  description: 'A comment on an issue; append-only',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ID_MAX },
    issueId: { type: 'string', maxLength: ID_MAX },
    author: { type: 'string', maxLength: NAME_MAX },
    deviceId: { type: 'string', maxLength: ID_MAX },
    body: { type: 'string', minLength: 1, maxLength: COMMENT_MAX },
    createdAt: { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 },
  },
  required: ['id', 'issueId', 'author', 'deviceId', 'body', 'createdAt'],
  additionalProperties: false,
  indexes: [['issueId', 'createdAt']],
};
