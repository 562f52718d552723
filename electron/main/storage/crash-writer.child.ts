/**
 * The child process of the crash test (crash.test.ts). Run with tsx:
 *
 *   node --import tsx crash-writer.child.ts write <directory> <tag> <acknowledgement file>
 *     opens the store, prints "ready", then writes forever. Each line it appends to the
 *     acknowledgement file names a write whose promise has resolved: "I <id>" inserted,
 *     "D <id>" deleted, "C <n>" counter set to n (the counter only grows, across runs too).
 *     "d <id>" comes before a delete is issued: a delete cut short by the kill may or may not
 *     have happened.
 *   node --import tsx crash-writer.child.ts hold <directory>
 *     opens the store, prints "ready" and keeps it open until killed.
 *
 * Acknowledgements go to a file with a synchronous write, not to stdout: Node may buffer
 * output to a pipe in the process, and a SIGKILL would lose what is still buffered.
 */
import { openSync, writeSync } from 'node:fs';
import { openCrashStore } from './crash-store.test-util';

async function writeForever(directory: string, tag: string, acknowledgements: string) {
  const file = openSync(acknowledgements, 'a');
  const say = (line: string): void => {
    writeSync(file, `${line}\n`);
  };
  const db = await openCrashStore(directory);
  process.stdout.write('ready\n');
  const payload = 'x'.repeat(100);
  // The counter only grows, across runs too: each run continues from what is stored.
  const base = (await db.counters.findOne('counter').exec())?.value ?? 0;
  const mine: string[] = [];
  for (let i = 1; ; i++) {
    const id = `${tag}-${i}`;
    await db.entries.insert({ id, n: i, payload });
    mine.push(id);
    say(`I ${id}`);
    if (i % 3 === 0) {
      await db.counters.upsert({ id: 'counter', value: base + i });
      say(`C ${base + i}`);
    }
    if (i % 7 === 0) {
      // Small batches are one SQLite statement, larger ones a transaction of several.
      const batch = Array.from({ length: i % 14 === 0 ? 40 : 10 }, (_, k) => ({
        id: `${tag}-${i}-b${k}`,
        n: i,
        payload,
      }));
      await db.entries.bulkInsert(batch);
      for (const entry of batch) {
        say(`I ${entry.id}`);
      }
    }
    if (i % 11 === 0) {
      const victim = mine[Math.floor(Math.random() * mine.length)]!;
      const doc = await db.entries.findOne(victim).exec();
      if (doc) {
        say(`d ${victim}`);
        await doc.remove();
        say(`D ${victim}`);
      }
    }
  }
}

async function holdOpen(directory: string): Promise<void> {
  await openCrashStore(directory);
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000);
}

const [mode, directory, tag, acknowledgements] = process.argv.slice(2);
if (mode === 'write' && directory && tag && acknowledgements) {
  void writeForever(directory, tag, acknowledgements);
} else if (mode === 'hold' && directory) {
  void holdOpen(directory);
} else if (mode !== undefined) {
  process.stderr.write(
    'usage: crash-writer.child.ts write <directory> <tag> <file> | hold <directory>\n',
  );
  process.exit(2);
}
