/**
 * The escalation scheduler of the app core, its commands and what it announces. The pure
 * rule model and engine live in shared/escalation.
 */
export {
  createNoticePlanner,
  formatDelay,
  toAlert,
  type AlertBatch,
  type AlertNotice,
  type EscalationAlert,
  type NoticePlanner,
  type NoticePlannerOptions,
  type NoticeUrgency,
} from './alerts';
export {
  createEscalationCommands,
  toRule,
  type EscalationCommands,
  type EscalationCommandsDeps,
} from './escalation-commands';
export {
  EscalationModel,
  type EscalationModelOptions,
  type EscalationModelStats,
  type EscalationSummary,
  type SlaChanges,
  type UrgentIssue,
} from './escalation-model';
export {
  createEscalationService,
  DEFAULT_EVALUATION_SLICE,
  DEFAULT_MAX_SLEEP_MS,
  type EscalationLog,
  type EscalationService,
  type EscalationServiceDeps,
  type EscalationServiceOptions,
  type EscalationStats,
} from './escalation-service';
export {
  escalationCommentId,
  escalationEventId,
  fireLevels,
  type FireLevelsDeps,
  type FireOutcome,
  type ModifyIssue,
} from './fire-levels';
export {
  betterHeadline,
  breachRank,
  isActiveClock,
  sameIssueSla,
  type IssueSla,
} from './issue-sla';
export { ruleValidationOptions } from './rule-context';
export {
  previewRule,
  type RulePreview,
  type RulePreviewInput,
  type RulePreviewRow,
} from './rule-preview';
export { slaOfIssue, type IssueSlaInput } from './sla-of-issue';
export { seedDefaultEscalationRules } from './seed-rules';
export {
  SNOOZE_DEFAULT_MS,
  SNOOZE_FIELD,
  SNOOZE_MAX_MS,
  SNOOZE_NOTE,
  type IssueSnooze,
} from './snooze';
export { stableId } from './stable-id';
export { globalTimers, type TimerHandle, type Timers } from './timers';
export { WakeQueue } from './wake-queue';
