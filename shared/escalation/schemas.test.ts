import { describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxCollection } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { DEFAULT_ESCALATION_RULES } from './default-rules';
import { evaluate } from './engine';
import { entry, makeIssue, T0, MIN } from './engine.test-util';
import {
  escalationRuleMigrations,
  escalationRuleSchema,
  type EscalationRuleDocument,
} from './escalation-rule.schema';
import { escalationMigrations, escalationSchema } from './escalation.schema';
import { toEscalationRecord, type EscalationRecord } from './records';
import { ruleVersionKey } from './versions';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

describe('escalation schemas', () => {
  it('are accepted by RxDB in dev-mode and hold rules and fired levels', async () => {
    const db = await createRxDatabase<{
      escalation_rules: RxCollection<EscalationRuleDocument>;
      escalations: RxCollection<EscalationRecord>;
    }>({
      name: 'escalationschemas',
      storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
      multiInstance: false,
    });
    try {
      await db.addCollections({
        escalation_rules: {
          schema: escalationRuleSchema,
          migrationStrategies: escalationRuleMigrations,
        },
        escalations: { schema: escalationSchema, migrationStrategies: escalationMigrations },
      });
      for (const rule of DEFAULT_ESCALATION_RULES) {
        await db.escalation_rules.insert({
          ...structuredClone(rule),
          key: ruleVersionKey(rule.id, rule.version),
        });
      }
      const stored = await db.escalation_rules
        .find({ selector: { id: 'critical-unacknowledged' } })
        .exec();
      expect(stored.map((d) => d.primary)).toEqual(['critical-unacknowledged@1']);
      const rule = stored[0]!.toMutableJSON();
      const { key: _key, ...version } = rule;
      const result = evaluate({
        issue: makeIssue(),
        history: [entry(T0, 'new')],
        rule: version,
        fired: [],
        now: T0 + 15 * MIN,
        // Critical since it was reported: its clock starts then.
        scopeEnteredAt: T0,
      });
      // The clock start (level 0) and the first level: both are escalation documents.
      expect(result.due.map((d) => d.level)).toEqual([0, 1]);
      const docs = await db.escalations.bulkInsert(
        result.due.map((due) => toEscalationRecord(due, T0 + 15 * MIN, 'ann', 'laptop-1')),
      );
      expect(docs.error).toEqual([]);
      expect(docs.success.map((d) => d.id)).toEqual([
        'issue-1:critical-unacknowledged:1:0',
        'issue-1:critical-unacknowledged:1:1',
      ]);
      await expect(
        db.escalation_rules.insert({
          ...structuredClone(DEFAULT_ESCALATION_RULES[0]!),
          key: 'x@1',
          version: 0,
        }),
      ).rejects.toThrow();
    } finally {
      await db.remove();
    }
  });

  it('open the documents of version 0 as they are', async () => {
    // The schemas as version 0 had them: no clock start on entering the scope, no level 0.
    const ruleV0 = structuredClone(escalationRuleSchema);
    ruleV0.version = 0;
    const start = (ruleV0.properties.clock as { properties: { start: { properties: object } } })
      .properties.start.properties as { on: { enum: string[] } };
    start.on.enum = ['created', 'status'];
    const recordV0 = structuredClone(escalationSchema);
    recordV0.version = 0;
    (recordV0.properties.level as { minimum: number }).minimum = 1;

    const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() });
    const name = 'escalationmigration';
    const rule = {
      ...structuredClone(DEFAULT_ESCALATION_RULES[1]!),
      clock: { ...structuredClone(DEFAULT_ESCALATION_RULES[1]!.clock), start: { on: 'created' } },
      key: ruleVersionKey(DEFAULT_ESCALATION_RULES[1]!.id, 1),
    } as EscalationRuleDocument;
    const record: EscalationRecord = {
      id: 'issue-1:high-unacknowledged:1:1',
      issueId: 'issue-1',
      ruleId: 'high-unacknowledged',
      ruleVersion: 1,
      ruleName: 'High issue not acknowledged in 60 minutes',
      cycle: 1,
      level: 1,
      repeat: 0,
      dueAt: T0 + 60 * MIN,
      firedAt: T0 + 60 * MIN,
      late: false,
      lateByMs: 0,
      actions: [],
      firedBy: 'ann',
      deviceId: 'laptop-1',
    };
    const old = await createRxDatabase<{
      escalation_rules: RxCollection<EscalationRuleDocument>;
      escalations: RxCollection<EscalationRecord>;
    }>({ name, storage, multiInstance: false });
    await old.addCollections({
      escalation_rules: { schema: ruleV0 },
      escalations: { schema: recordV0 },
    });
    await old.escalation_rules.insert(rule);
    await old.escalations.insert(record);
    await old.close();

    const db = await createRxDatabase<{
      escalation_rules: RxCollection<EscalationRuleDocument>;
      escalations: RxCollection<EscalationRecord>;
    }>({ name, storage, multiInstance: false });
    try {
      await db.addCollections({
        escalation_rules: {
          schema: escalationRuleSchema,
          migrationStrategies: escalationRuleMigrations,
        },
        escalations: { schema: escalationSchema, migrationStrategies: escalationMigrations },
      });
      const rules = await db.escalation_rules.find().exec();
      expect(rules.map((d) => d.toMutableJSON())).toEqual([rule]);
      const records = await db.escalations.find().exec();
      expect(records.map((d) => d.toMutableJSON())).toEqual([record]);
    } finally {
      await db.remove();
    }
  });
});
