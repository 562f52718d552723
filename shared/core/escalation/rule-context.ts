/**
 * What validating a rule needs to know about the world: the statuses and locations that
 * exist and how to check a scope query. Shared by the core's command and the rules editor,
 * so the editor shows the very problems the command would refuse with.
 */
import type { Location, Workflow } from '../../domain';
import type { RuleValidationOptions } from '../../escalation';
import { createMatcher } from '../../query';

export function ruleValidationOptions(
  workflows: readonly Pick<Workflow, 'statuses'>[],
  locations: readonly Pick<Location, 'id' | 'name' | 'parentId'>[],
  now: number,
): RuleValidationOptions {
  const statuses = workflows.flatMap((w) => w.statuses);
  return {
    knownStatuses: [...new Set(statuses.map((s) => s.id))],
    knownLocationIds: locations.map((l) => l.id),
    checkQuery(query) {
      try {
        createMatcher(query, { now, statuses, locations });
        return undefined;
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
  };
}
