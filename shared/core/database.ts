/**
 * Opens the app's RxDatabase with its collections on whatever RxStorage the platform gives:
 * the durable SQLite storage in Electron's main process, IPC in a window, Dexie in a browser,
 * memory in tests.
 */
import {
  addRxPlugin,
  createRxDatabase,
  type RxCollection,
  type RxDatabase,
  type RxStorage,
} from 'rxdb';
import { RxDBLocalDocumentsPlugin } from 'rxdb/plugins/local-documents';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import type { Issue, IssueComment, IssueEvent, Location, Person, Workflow } from '../domain';
import type { EscalationRuleDocument } from '../escalation/escalation-rule.schema';
import type { EscalationRecord } from '../escalation/records';
import { COLLECTIONS } from '../schemas';
import type { ConflictRecorder } from '../sync/merge';
import { createAppConflictHandlers } from './sync/conflict-handlers';

export interface AppCollections {
  issues: RxCollection<Issue>;
  comments: RxCollection<IssueComment>;
  issue_events: RxCollection<IssueEvent>;
  workflows: RxCollection<Workflow>;
  locations: RxCollection<Location>;
  people: RxCollection<Person>;
  escalation_rules: RxCollection<EscalationRuleDocument>;
  escalations: RxCollection<EscalationRecord>;
}

export type AppDatabase = RxDatabase<AppCollections>;

export const DEFAULT_DATABASE_NAME = 'autoescalate';

export interface OpenDatabaseOptions {
  // RxDB's own signatures use `any` for the storage's internals and options.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  storage: RxStorage<any, any>;
  name?: string;
  /**
   * Validate every write against the JSON schemas (ajv). On by default: it is the last line
   * of defence against a malformed document reaching disk and the team.
   */
  validateSchemas?: boolean;
  /** Several instances (browser tabs) share the storage and must see each other's events. */
  multiInstance?: boolean;
  /**
   * Who records resolved replication conflicts in an issue's history (the acting user on
   * this device, and now). The core always gives it; a database that never replicates (a
   * window's view over IPC) needs none.
   */
  conflictRecorder?: () => ConflictRecorder;
  /**
   * Keep device-local documents beside the data (never replicated): the app core's database
   * keeps the changes the server refused there (see sync/refusal-store.ts). Off by default.
   */
  localDocuments?: boolean;
}

addRxPlugin(RxDBMigrationSchemaPlugin);
addRxPlugin(RxDBLocalDocumentsPlugin);

export async function openAppDatabase(options: OpenDatabaseOptions): Promise<AppDatabase> {
  // Loaded only where it is used: the windows and the web edition validate otherwise (the
  // main process, or z-schema in the page) and so never load ajv with their first screen.
  const storage =
    options.validateSchemas === false
      ? options.storage
      : (await import('rxdb/plugins/validate-ajv')).wrappedValidateAjvStorage({
          storage: options.storage,
        });
  const db = await createRxDatabase<AppCollections>({
    name: options.name ?? DEFAULT_DATABASE_NAME,
    storage,
    multiInstance: options.multiInstance ?? false,
    eventReduce: true,
    closeDuplicates: true,
    localDocuments: options.localDocuments ?? false,
  });
  // Replication conflicts are resolved by the three-way merge (shared/sync).
  const conflicts = createAppConflictHandlers({
    database: () => db,
    ...(options.conflictRecorder !== undefined && { recorder: options.conflictRecorder }),
  });
  try {
    await db.addCollections({
      issues: { ...COLLECTIONS.issues, conflictHandler: conflicts.issues },
      comments: { ...COLLECTIONS.comments, conflictHandler: conflicts.comments },
      issue_events: { ...COLLECTIONS.issue_events, conflictHandler: conflicts.issue_events },
      workflows: { ...COLLECTIONS.workflows, conflictHandler: conflicts.workflows },
      locations: { ...COLLECTIONS.locations, conflictHandler: conflicts.locations },
      people: { ...COLLECTIONS.people, conflictHandler: conflicts.people },
      escalation_rules: {
        ...COLLECTIONS.escalation_rules,
        conflictHandler: conflicts.escalation_rules,
      },
      escalations: { ...COLLECTIONS.escalations, conflictHandler: conflicts.escalations },
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
