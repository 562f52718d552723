/**
 * One issue's SLA, live: computed in the window from the issue, its history, its fired
 * levels, the rules, the workflows and the locations, again whenever any of them changes.
 * The scheduler runs elsewhere (the main process, the leader tab); this only reads.
 */
import { combineLatest, map } from 'rxjs';
import type { AppDatabase } from '../../../shared/core/database';
import type { IssueSla } from '../../../shared/core/escalation/issue-sla';
import { slaOfIssue } from '../../../shared/core/escalation/sla-of-issue';
import { useLive, type Live, type LiveOptions } from '../../app/live';
import { issueEscalations } from '../../app/live-data';

export function useSla(
  db: AppDatabase,
  issueId: string,
  options?: LiveOptions,
): Live<IssueSla | null> {
  return useLive(
    () =>
      combineLatest([
        db.issues.findOne(issueId).$,
        db.issue_events.find({ selector: { issueId } }).$,
        issueEscalations(db, issueId).$,
        db.escalation_rules.find().$,
        db.workflows.find().$,
        db.locations.find().$,
      ]).pipe(
        map(([issue, events, fired, rules, workflows, locations]) =>
          issue === null
            ? null
            : slaOfIssue(
                {
                  issue: issue.toJSON(true),
                  events: events.map((d) => d.toMutableJSON()),
                  fired: fired.map((d) => d.toMutableJSON()),
                  rules: rules.map((d) => d.toMutableJSON()),
                  workflows: workflows.map((d) => d.toMutableJSON()),
                  locations: locations.map((d) => d.toMutableJSON()),
                },
                Date.now(),
              ),
        ),
      ),
    [db, issueId],
    options,
  );
}
