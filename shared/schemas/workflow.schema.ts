import type { RxJsonSchema } from 'rxdb';
import { ID_MAX, NAME_MAX, ROLES, STATUS_CATEGORIES, TIME_MAX, type Workflow } from '../domain';

const id = { type: 'string', maxLength: ID_MAX } as const;

export const workflowSchema: RxJsonSchema<Workflow> = {
  title: 'workflow',
  description: 'Statuses with categories and the transitions between them',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    initialStatus: id,
    statuses: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id,
          name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
          category: { type: 'string', enum: [...STATUS_CATEGORIES] },
        },
        required: ['id', 'name', 'category'],
        additionalProperties: false,
      },
    },
    transitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id,
          name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
          from: { type: 'array', items: id },
          to: id,
          roles: { type: 'array', items: { type: 'string', enum: [...ROLES] } },
          validators: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                type: { type: 'string', enum: ['field-required'] },
                field: { type: 'string', enum: ['resolutionComment', 'assignee'] },
              },
              required: ['type', 'field'],
              additionalProperties: false,
            },
          },
          postFunctions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                type: { type: 'string', enum: ['set-timestamp', 'clear-field', 'assign-to-actor'] },
                field: {
                  type: 'string',
                  enum: ['acknowledgedAt', 'resolvedAt', 'resolutionComment'],
                },
                onlyIfEmpty: { type: 'boolean' },
              },
              required: ['type'],
              additionalProperties: false,
            },
          },
        },
        required: ['id', 'name', 'from', 'to', 'roles', 'validators', 'postFunctions'],
        additionalProperties: false,
      },
    },
    updatedAt: { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 },
  },
  required: ['id', 'name', 'initialStatus', 'statuses', 'transitions', 'updatedAt'],
  additionalProperties: false,
};
