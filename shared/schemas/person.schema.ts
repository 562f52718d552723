import type { RxJsonSchema } from 'rxdb';
import { ID_MAX, NAME_MAX, ROLES, TIME_MAX, type Person } from '../domain';

export const personSchema: RxJsonSchema<Person> = {
  title: 'person',
  description: 'A person of the team, by id, with the name screens show',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ID_MAX },
    name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    userName: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    role: { type: 'string', enum: [...ROLES], maxLength: 20 },
    sites: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', minLength: 1, maxLength: ID_MAX },
    },
    active: { type: 'boolean' },
    updatedAt: { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 },
  },
  required: ['id', 'name', 'userName', 'role', 'sites', 'active', 'updatedAt'],
  additionalProperties: false,
};
