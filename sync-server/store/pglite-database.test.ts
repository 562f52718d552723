import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { openPgliteDatabase } from './pglite-database';

describe('PGlite database', () => {
  let db: Database;

  beforeAll(async () => {
    db = await openPgliteDatabase();
    await db.transaction((tx) => tx.exec('CREATE TABLE items (id int PRIMARY KEY, name text)'));
  });

  beforeEach(async () => {
    await db.query('TRUNCATE items');
  });

  afterAll(async () => {
    await db.close();
  });

  it('commits a transaction and notifies its listeners only then', async () => {
    const heard: string[] = [];
    await db.listen('changes', (payload) => heard.push(payload));
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES ($1, $2)', [1, 'one']);
      await tx.notify('changes', 'one');
      expect(heard).toEqual([]);
    });
    expect(heard).toEqual(['one']);
    expect(await db.query('SELECT id, name FROM items')).toEqual([{ id: 1, name: 'one' }]);
  });

  it('rolls back everything of a transaction whose work throws, and notifies nobody', async () => {
    const heard: string[] = [];
    await db.listen('changes', (payload) => heard.push(payload));
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES ($1, $2)', [1, 'one']);
        await tx.notify('changes', 'one');
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await db.query('SELECT * FROM items')).toEqual([]);
    expect(heard).toEqual([]);
  });

  it('passes PostgreSQL errors on with their code, and stays usable after one', async () => {
    await db.query('INSERT INTO items VALUES ($1, $2)', [1, 'one']);
    const failed = await db
      .transaction((tx) => tx.query('INSERT INTO items VALUES ($1, $2)', [1, 'again']))
      .catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(Error);
    expect((failed as Error & { code?: string }).code).toBe('23505');
    expect(await db.query<{ name: string }>('SELECT name FROM items')).toEqual([{ name: 'one' }]);
  });

  it('keeps other statements out until a transaction has ended', async () => {
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let begun = (): void => {};
    const inside = new Promise<void>((resolve) => (begun = resolve));
    const transaction = db.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES ($1, $2)', [1, 'one']);
      begun();
      await held;
      await tx.query('INSERT INTO items VALUES ($1, $2)', [2, 'two']);
    });
    await inside;
    const read = db.query<{ count: number }>('SELECT count(*)::int AS count FROM items');
    release();
    await transaction;
    expect(await read).toEqual([{ count: 2 }]);
  });

  it('takes array and JSON parameters and gives bigint columns as numbers', async () => {
    await db.transaction((tx) =>
      tx.exec('CREATE TABLE IF NOT EXISTS docs (id text PRIMARY KEY, body jsonb, stamp bigint)'),
    );
    await db.query('INSERT INTO docs VALUES ($1, $2::jsonb, $3)', [
      'a',
      JSON.stringify({ nested: [1, 'two'] }),
      1_700_000_000_123,
    ]);
    const rows = await db.query('SELECT * FROM docs WHERE id = ANY($1::text[])', [['a', 'b']]);
    expect(rows).toEqual([{ id: 'a', body: { nested: [1, 'two'] }, stamp: 1_700_000_000_123 }]);
  });

  it('passes text, numbers, booleans, nulls and arrays of awkward text as they are', async () => {
    const awkward = ['plain', 'with "quotes"', 'back\\slash', 'comma, {braces}', '', 'NULL', 'ünï'];
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT $1::text AS text, $2::bigint AS number, $3::boolean AS yes, $4::boolean AS no,
              $5::text AS nothing, $6::text[] AS list, cardinality($6::text[]) AS count`,
      ["it's", 1_700_000_000_123, true, false, null, awkward],
    );
    expect(row).toEqual({
      text: "it's",
      number: 1_700_000_000_123,
      yes: true,
      no: false,
      nothing: null,
      list: awkward,
      count: 7,
    });
  });

  it('refuses to commit a transaction in which a statement failed', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES ($1, $2)', [1, 'one']);
        await tx.query('INSERT INTO items VALUES ($1, $2)', [1, 'again']).catch(() => undefined);
      }),
    ).rejects.toThrow(/rolled back/);
    expect(await db.query('SELECT * FROM items')).toEqual([]);
  });

  it('refuses statements once closed', async () => {
    const closed = await openPgliteDatabase();
    await closed.close();
    await expect(closed.query('SELECT 1')).rejects.toThrow(/PGlite is closed/);
  });
});
