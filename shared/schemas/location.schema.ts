import type { RxJsonSchema } from 'rxdb';
import { ID_MAX, LOCATION_KINDS, NAME_MAX, TIME_MAX, type Location } from '../domain';

export const locationSchema: RxJsonSchema<Location> = {
  title: 'location',
  description: 'A plant location: site, area or line, with time zone and business hours',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ID_MAX },
    name: { type: 'string', minLength: 1, maxLength: NAME_MAX },
    kind: { type: 'string', enum: [...LOCATION_KINDS], maxLength: 10 },
    parentId: { type: 'string', maxLength: ID_MAX },
    timeZone: { type: 'string', maxLength: 64 },
    calendar: {
      type: 'object',
      properties: {
        weekly: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              day: { type: 'integer', minimum: 0, maximum: 6 },
              startMinute: { type: 'integer', minimum: 0, maximum: 1440 },
              endMinute: { type: 'integer', minimum: 0, maximum: 1440 },
            },
            required: ['day', 'startMinute', 'endMinute'],
            additionalProperties: false,
          },
        },
        holidays: {
          type: 'array',
          items: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        },
      },
      required: ['weekly', 'holidays'],
      additionalProperties: false,
    },
    updatedAt: { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 },
  },
  required: ['id', 'name', 'kind', 'updatedAt'],
  additionalProperties: false,
};
