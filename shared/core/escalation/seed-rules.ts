/**
 * The default escalation rules, stored on first open. Their content is fixed (version 1,
 * saved at 0 by `system`), so two devices that seed offline hold identical documents and
 * never conflict. Only a missing first version is stored: later versions (say, the rule
 * disabled by an admin as version 2) are left as they are and stay in force.
 */
import { DEFAULT_ESCALATION_RULES, ruleVersionKey, type EscalationRule } from '../../escalation';
import type { AppDatabase } from '../database';

export async function seedDefaultEscalationRules(
  db: AppDatabase,
  rules: readonly EscalationRule[] = DEFAULT_ESCALATION_RULES,
): Promise<number> {
  const keys = rules.map((rule) => ruleVersionKey(rule.id, rule.version));
  const existing = await db.escalation_rules.findByIds(keys).exec();
  const missing = rules.filter((rule) => !existing.has(ruleVersionKey(rule.id, rule.version)));
  if (missing.length === 0) return 0;
  const { error } = await db.escalation_rules.bulkInsert(
    missing.map((rule) => ({
      ...(JSON.parse(JSON.stringify(rule)) as EscalationRule),
      key: ruleVersionKey(rule.id, rule.version),
    })),
  );
  const failed = error.filter((problem) => problem.status !== 409);
  if (failed.length > 0) {
    throw new Error(`The default escalation rules could not be stored (${failed[0]?.status}).`);
  }
  return missing.length - error.length;
}
