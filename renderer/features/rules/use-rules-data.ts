/** The live reads of the rules screen: rule versions, workflows, locations, and for the preview
 * the issues with their histories and the rule's fired levels. */
import { combineLatest, map, of } from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import { toRule } from '../../../shared/core/escalation/escalation-commands';
import type { Issue, IssueEvent, Location, Workflow } from '../../../shared/domain';
import {
  latestVersions,
  type EscalationRecord,
  type EscalationRule,
} from '../../../shared/escalation';
import { useLive, type Live } from '../../app/live';
import { formatLocationPath } from '../locations/location-tree';

export interface RulesData {
  /** The newest version of every rule, by name. */
  rules: EscalationRule[];
  /** Every stored version. */
  versions: EscalationRule[];
  workflows: Workflow[];
  locations: Location[];
}

export function useRulesData(db: AppDatabase): Live<RulesData> {
  return useLive(
    () =>
      combineLatest([
        db.escalation_rules.find().$,
        db.workflows.find().$,
        db.locations.find().$,
      ]).pipe(
        map(([ruleDocs, workflowDocs, locationDocs]) => {
          const versions = ruleDocs.map((doc) => toRule(doc.toMutableJSON()));
          const rules = latestVersions(versions).sort(
            (a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1),
          );
          return {
            rules,
            versions,
            workflows: workflowDocs.map((doc) => doc.toMutableJSON()),
            locations: locationDocs.map((doc) => doc.toMutableJSON()),
          };
        }),
      ),
    [db],
  );
}

export interface PreviewData {
  issues: Issue[];
  events: IssueEvent[];
  fired: EscalationRecord[];
}

export function usePreviewData(db: AppDatabase, ruleId: string | undefined): Live<PreviewData> {
  return useLive(
    () =>
      combineLatest([
        db.issues.find().$,
        // Creations and comments change no status and no snooze.
        db.issue_events.find({ selector: { kind: { $nin: ['created', 'commented'] } } }).$,
        ruleId === undefined ? of([]) : db.escalations.find({ selector: { ruleId } }).$,
      ]).pipe(
        map(([issues, events, fired]) => ({
          issues: issues.map((doc) => doc.toMutableJSON()),
          events: events.map((doc) => doc.toMutableJSON()),
          fired: fired.map((doc) => doc.toMutableJSON()),
        })),
      ),
    [db, ruleId],
  );
}

/** "Plant A › Press shop › Line 3". */
export function locationPath(locations: ReadonlyMap<string, Location>, id: string): string {
  const names: string[] = [];
  let current = locations.get(id);
  while (current !== undefined && names.length < 10) {
    names.unshift(current.name);
    current = current.parentId === undefined ? undefined : locations.get(current.parentId);
  }
  return names.length > 0 ? formatLocationPath(names) : id;
}
