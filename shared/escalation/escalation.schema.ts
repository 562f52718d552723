import type { MigrationStrategies, RxJsonSchema } from 'rxdb';
import { ID_MAX, NAME_MAX, TIME_MAX } from '../domain';
import { escalationActionsSchema } from './escalation-rule.schema';
import { CLOCK_START_LEVEL, type EscalationRecord } from './records';
import { LEVELS_MAX, REPEAT_COUNT_MAX, RULE_NAME_MAX, RULE_VERSION_MAX } from './rule';

const time = { type: 'number', minimum: 0, maximum: TIME_MAX, multipleOf: 1 } as const;

/** Issue id, rule id, cycle, level and repeat, joined by ':' and '.' (see records.ts). */
export const ESCALATION_ID_MAX = 2 * ID_MAX + 40;

/**
 * One document per fired rule level, written once with a deterministic id: two devices that
 * fire the same level offline write the same document. Written once on each device; when two
 * devices fired it apart, the earlier firing stands everywhere (shared/sync/escalation-order.ts).
 *
 * Version 1: level 0 records a clock's start (rules whose clock starts on entering their
 * scope, see records.ts). Stored version-0 documents are valid as they are.
 */
export const escalationSchema: RxJsonSchema<EscalationRecord> = {
  title: 'escalation',
  description: 'A fired escalation level of a rule for an issue (level 0: its clock started)',
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: ESCALATION_ID_MAX },
    issueId: { type: 'string', maxLength: ID_MAX },
    ruleId: { type: 'string', maxLength: ID_MAX },
    ruleVersion: { type: 'integer', minimum: 1, maximum: RULE_VERSION_MAX },
    ruleName: { type: 'string', maxLength: RULE_NAME_MAX },
    cycle: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    level: { type: 'integer', minimum: CLOCK_START_LEVEL, maximum: LEVELS_MAX },
    repeat: { type: 'integer', minimum: 0, maximum: REPEAT_COUNT_MAX },
    dueAt: time,
    firedAt: time,
    late: { type: 'boolean' },
    lateByMs: { type: 'number', minimum: 0, maximum: TIME_MAX },
    actions: escalationActionsSchema,
    firedBy: { type: 'string', maxLength: NAME_MAX },
    deviceId: { type: 'string', maxLength: ID_MAX },
  },
  required: [
    'id',
    'issueId',
    'ruleId',
    'ruleVersion',
    'ruleName',
    'cycle',
    'level',
    'repeat',
    'dueAt',
    'firedAt',
    'late',
    'lateByMs',
    'actions',
    'firedBy',
    'deviceId',
  ],
  additionalProperties: false,
  indexes: ['issueId', 'firedAt'],
};

/** Version 0 → 1 only allowed level 0: every stored record is kept as it is. */
export const escalationMigrations: MigrationStrategies = {
  1: (document: EscalationRecord) => document,
};
