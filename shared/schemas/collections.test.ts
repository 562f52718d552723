import { describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase, type RxDocument, type RxJsonSchema } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
import type { Issue } from '../domain';
import { COLLECTION_NAMES, COLLECTIONS } from './collections';

disableWarnings();
addRxPlugin(RxDBDevModePlugin);
addRxPlugin(RxDBMigrationSchemaPlugin);

describe('collections', () => {
  it('stay well below the number RxDB opens without premium', () => {
    expect(COLLECTION_NAMES.length).toBeLessThanOrEqual(10);
  });

  it.each(COLLECTION_NAMES)('%s has a migration strategy for every version step', (name) => {
    const { schema, migrationStrategies } = COLLECTIONS[name];
    const expected = Array.from({ length: schema.version }, (_, i) => String(i + 1));
    expect(Object.keys(migrationStrategies).sort()).toEqual(expected);
  });

  it('are accepted by RxDB in dev-mode with schema validation', async () => {
    const db = await createRxDatabase({
      name: 'schemacheck',
      storage: wrappedValidateAjvStorage({ storage: getRxStorageMemory() }),
      multiInstance: false,
    });
    try {
      const created = await db.addCollections(COLLECTIONS);
      expect(Object.keys(created).sort()).toEqual([...COLLECTION_NAMES].sort());
    } finally {
      await db.remove();
    }
  });

  it('keep issues stored by the first version of the issue schema', async () => {
    const storage = wrappedValidateAjvStorage({ storage: getRxStorageMemory() });
    const first: RxJsonSchema<Issue> = {
      ...COLLECTIONS.issues.schema,
      version: 0,
      indexes: ['status', 'priority', 'locationId', 'reportedAt', 'updatedAt'],
    };
    const issue: Issue = {
      id: 'i-1',
      title: 'Conveyor jam',
      description: '',
      type: 'breakdown',
      priority: 'High',
      severity: 3,
      locationId: 'line-3',
      workflowId: 'default',
      status: 'new',
      reporter: 'tina',
      reportedAt: 1_000,
      customFields: {},
      version: 1,
      updatedAt: 1_000,
      updatedBy: 'tina',
      updatedOnDevice: 'd1',
    };
    const before = await createRxDatabase({ name: 'issuesv0', storage, multiInstance: false });
    const stored = await before.addCollections({ issues: { schema: first } });
    await stored.issues.insert(issue);
    await before.close();

    const after = await createRxDatabase({ name: 'issuesv0', storage, multiInstance: false });
    try {
      const { issues } = await after.addCollections({ issues: COLLECTIONS.issues });
      const read = (await issues.findOne('i-1').exec()) as RxDocument<Issue> | null;
      expect(read?.toJSON()).toEqual(issue);
      expect(
        await issues.count({ selector: { status: 'new', updatedAt: { $gte: 0 } } }).exec(),
      ).toBe(1);
    } finally {
      await after.remove();
    }
  });
});
