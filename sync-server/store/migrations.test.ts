import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS } from './migrations';
import { BACKENDS, type TestBackend } from './test-backends.test-util';

describe('migrations', () => {
  it('are numbered 1, 2, 3 … without gaps', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(
      MIGRATIONS.map((_, index) => index + 1),
    );
  });
});

for (const kind of BACKENDS) {
  describe.runIf(kind.available)(`migrations on ${kind.name}`, () => {
    let backend: TestBackend;
    beforeAll(async () => {
      backend = await kind.create();
    }, 60_000);
    afterAll(() => backend?.dispose());

    it('run once, recorded, and not again', async () => {
      const rows = await backend.db.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((row) => row.version)).toEqual(
        MIGRATIONS.map((migration) => migration.version),
      );
      expect(await migrate(backend.db)).toEqual([]);
    });

    it('apply a new migration in order, and roll back one that fails', async () => {
      const next = MIGRATIONS.length + 1;
      const added = [
        ...MIGRATIONS,
        { version: next, name: 'probe', sql: 'CREATE TABLE probe (x int)' },
      ];
      expect(await migrate(backend.db, added)).toEqual([next]);
      const broken = [
        ...added,
        { version: next + 1, name: 'broken', sql: 'CREATE TABLE broken (x int); SELECT nonsense' },
      ];
      await expect(migrate(backend.db, broken)).rejects.toThrow();
      const tables = await backend.db.query<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_name IN ('probe', 'broken')`,
      );
      expect(tables.map((table) => table.name)).toEqual(['probe']);
    });
  });
}
