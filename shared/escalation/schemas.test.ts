import { describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxCollection } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import { DEFAULT_ESCALATION_RULES } from './default-rules';
import { evaluate } from './engine';
import { entry, makeIssue, T0, MIN } from './engine.test-util';
import { escalationRuleSchema, type EscalationRuleDocument } from './escalation-rule.schema';
import { escalationSchema } from './escalation.schema';
import { toEscalationRecord, type EscalationRecord } from './records';
import { ruleVersionKey } from './versions';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);

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
        escalation_rules: { schema: escalationRuleSchema },
        escalations: { schema: escalationSchema },
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
      });
      const due = result.due[0]!;
      const doc = await db.escalations.insert(
        toEscalationRecord(due, T0 + 15 * MIN, 'ann', 'laptop-1'),
      );
      expect(doc.primary).toBe('issue-1:critical-unacknowledged:1:1');
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
});
