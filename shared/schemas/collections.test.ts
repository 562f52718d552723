import { describe, expect, it } from 'vitest';
import { addRxPlugin, createRxDatabase } from 'rxdb';
import { RxDBDevModePlugin, disableWarnings } from 'rxdb/plugins/dev-mode';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { wrappedValidateAjvStorage } from 'rxdb/plugins/validate-ajv';
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
});
