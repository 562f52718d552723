/** Validation of everything that crosses a boundary into the core, and its one error type. */
export * from './errors';
export {
  CUSTOM_FIELD_KEY_PATTERN,
  CUSTOM_FIELD_TEXT_MAX,
  CUSTOM_FIELDS_MAX,
  validateIssuePatch,
  validateNewIssue,
} from './issue-input';
export {
  validateCommentBody,
  validateResolutionComment,
  validateTransitionInput,
} from './comment-input';
export {
  HOLIDAYS_MAX,
  isCalendarDate,
  MINUTES_PER_DAY,
  normaliseTimeZone,
  PARENT_KIND,
  TIME_ZONE_MAX,
  validateLocationPatch,
  validateNewLocation,
  WEEKLY_WINDOWS_MAX,
  type AsyncParentLookup,
  type ParentLocation,
  type ParentLookup,
} from './location-input';
