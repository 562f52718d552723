/**
 * Escalation: the rule model, its schemas and validation, working-time calendars, and the pure
 * engine that says which levels are due, when to wake next, and how the SLA stands.
 */
export * from './rule';
export {
  RULE_ID_PATTERN,
  validateEscalationRule,
  validateEscalationRuleDraft,
  type RuleValidationOptions,
} from './rule-validation';
export {
  escalationRuleSchema,
  escalationActionsSchema,
  type EscalationRuleDocument,
} from './escalation-rule.schema';
export { escalationSchema, ESCALATION_ID_MAX } from './escalation.schema';
export {
  ALWAYS_OPEN,
  addWorkingMinutes,
  DEFAULT_TIME_ZONE,
  instantOfWallTime,
  localWallTime,
  locationAncestry,
  MINUTE_MS,
  resolveLocationCalendar,
  workCalendar,
  workingMinutesBetween,
  zoneOffset,
  type CalendarSpec,
  type LocationLookup,
  type WorkCalendar,
} from './calendar';
export {
  cycles,
  orderedTimeline,
  statusChangeOf,
  statusTimeline,
  timelineOfChanges,
  type CategoryOf,
  type CycleBounds,
  type StatusChange,
  type StatusEntry,
} from './timeline';
export { levelThresholds } from './clock';
export {
  CLOCK_STATES,
  emptySlaFigures,
  emptySlaView,
  slaViewOf,
  evaluate,
  evaluateInto,
  LATE_AFTER_MS,
  scopeMatches,
  type ClockState,
  type DueLevel,
  type EscalationIssue,
  type EvaluateInput,
  type EvaluateIntoOptions,
  type EvaluateResult,
  type EvaluationOutput,
  type QueryMatcher,
  type SlaFigures,
  type SlaView,
} from './engine';
export {
  CLOCK_START_LEVEL,
  escalationActionKey,
  escalationId,
  firedFor,
  isClockStart,
  recordedClockStart,
  parseEscalationId,
  toEscalationRecord,
  type EscalationIdParts,
  type EscalationRecord,
  type FiredLevel,
} from './records';
export {
  frozenRuleVersion,
  latestVersions,
  ruleVersionKey,
  versionsByRule,
  type FreezeInput,
} from './versions';
export {
  parseTemplate,
  renderTemplate,
  resolveFieldMapping,
  TEMPLATE_ESCALATION_FIELDS,
  TEMPLATE_ISSUE_FIELDS,
  type MappedObject,
  type MappedValue,
  type TemplateSource,
} from './field-mapping';
export { issuePatchForActions, notificationAudience, raisedPriority } from './actions';
export {
  CRITICAL_UNACKNOWLEDGED_RULE,
  DEFAULT_ESCALATION_RULES,
  HIGH_UNACKNOWLEDGED_RULE,
  UNRESOLVED_WORKING_DAY_RULE,
} from './default-rules';
