/**
 * The app's collections, each with its schema and migration strategies. Every schema
 * carries a version from its first release on; raising a version means adding the
 * strategy for it here (a test checks that none is missing).
 */
import { addRxPlugin, type MigrationStrategies, type RxJsonSchema } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { Issue, IssueComment, IssueEvent, Location, Person, Workflow } from '../domain';
import type { EscalationRecord } from '../escalation/records';
import {
  escalationRuleMigrations,
  escalationRuleSchema,
  type EscalationRuleDocument,
} from '../escalation/escalation-rule.schema';
import { escalationMigrations, escalationSchema } from '../escalation/escalation.schema';
import { commentSchema } from './comment.schema';
import { issueEventSchema } from './issue-event.schema';
import { issueSchema } from './issue.schema';
import { locationSchema } from './location.schema';
import { personSchema } from './person.schema';
import { workflowSchema } from './workflow.schema';

// The strategies below run through this plugin, wherever a collection is created from them.
addRxPlugin(RxDBMigrationSchemaPlugin);

export interface CollectionDefinition<T> {
  schema: RxJsonSchema<T>;
  migrationStrategies: MigrationStrategies;
  /** Append-only collections never conflict: documents are written once. */
  appendOnly: boolean;
}

function define<T>(
  schema: RxJsonSchema<T>,
  appendOnly: boolean,
  migrationStrategies: MigrationStrategies = {},
): CollectionDefinition<T> {
  return { schema, migrationStrategies, appendOnly };
}

export const COLLECTIONS = {
  issues: define<Issue>(issueSchema, false, {
    // 1: the index on status became one on [status, updatedAt]; documents are unchanged.
    1: (doc: Issue) => doc,
  }),
  comments: define<IssueComment>(commentSchema, true),
  issue_events: define<IssueEvent>(issueEventSchema, true),
  workflows: define<Workflow>(workflowSchema, false),
  locations: define<Location>(locationSchema, false),
  /** Written by the sync server from its users (devices pull only) and for the device's own identity. */
  people: define<Person>(personSchema, false),
  /** Each edit of a rule is a new document (id@version), so rules never conflict either. */
  escalation_rules: define<EscalationRuleDocument>(
    escalationRuleSchema,
    true,
    escalationRuleMigrations,
  ),
  /**
   * One document per fired level, with a deterministic id: devices converge on one, the
   * earliest firing when two fired it apart (the server replaces a later one, push-batch.ts).
   */
  escalations: define<EscalationRecord>(escalationSchema, true, escalationMigrations),
};

export type CollectionName = keyof typeof COLLECTIONS;
export const COLLECTION_NAMES = Object.keys(COLLECTIONS) as CollectionName[];
