/**
 * Where a device keeps the changes the server refused (`RefusedChange`), so that they outlive
 * a restart and can be sent again once the user has access: a local document of the app's
 * database (RxDB's local documents: stored with the data, never replicated).
 *
 * A refusal remembers the document twice: as the server last had it before this device's
 * change (`base`), and as this device left it (`mine`). When the server's copy comes back
 * (the site given back), the two are merged with it three ways, as a conflict would be, so
 * neither this device's change nor what others changed meanwhile is lost.
 */
import type { ReplicatedCollection } from '../../sync/protocol';
import type { AppDatabase } from '../database';

/** A replicated document's state as the replication sends it: its fields and `_deleted`. */
export type DocumentState = Record<string, unknown> & { _deleted: boolean };

export interface StoredRefusal {
  collection: ReplicatedCollection;
  documentId: string;
  /** A sentence for the user. */
  message: string;
  /** This device's clock when the server refused it (the latest time). */
  at: number;
  /**
   * The server's state this device's change was made on, as of the first refusal; null when
   * the server never had the document (it was created on this device).
   */
  base: DocumentState | null;
  /** The document as this device last tried to send it. */
  mine: DocumentState;
}

/** The refusals of one user of one server. */
export interface RefusalStore {
  load(): Promise<StoredRefusal[]>;
  /** Replaces what is kept with `refusals` (a handful: written whole). */
  save(refusals: readonly StoredRefusal[]): Promise<void>;
}

/** The local document holding every server's and user's refusals on this device. */
const LOCAL_DOCUMENT_ID = 'sync-refused-changes';

interface KeptRefusals {
  /** `${serverUrl} ${userId}` → that user's refusals. */
  byAccount: Record<string, StoredRefusal[]>;
}

/** Memory only: for a replication whose database keeps no local documents. */
export function memoryRefusalStore(): RefusalStore {
  let kept: StoredRefusal[] = [];
  return {
    load: () => Promise.resolve(kept.map((refusal) => ({ ...refusal }))),
    save(refusals) {
      kept = refusals.map((refusal) => ({ ...refusal }));
      return Promise.resolve();
    },
  };
}

/**
 * The refusals of `userId` on `serverUrl`, kept in a local document of `db`, which must have
 * been opened with local documents (`openAppDatabase({ localDocuments: true })`, as the app
 * core's is). Saves run one after another.
 */
export function localRefusalStore(
  db: AppDatabase,
  serverUrl: string,
  userId: string,
): RefusalStore {
  const account = `${serverUrl} ${userId}`;
  let writing: Promise<void> = Promise.resolve();
  async function read(): Promise<KeptRefusals> {
    const doc = await db.getLocal<KeptRefusals>(LOCAL_DOCUMENT_ID);
    return doc?.toMutableJSON().data ?? { byAccount: {} };
  }
  return {
    async load() {
      await writing;
      return (await read()).byAccount[account] ?? [];
    },
    save(refusals) {
      const write = writing.then(async () => {
        const kept = await read();
        const byAccount = { ...kept.byAccount };
        if (refusals.length === 0) delete byAccount[account];
        else byAccount[account] = [...refusals];
        await db.upsertLocal<KeptRefusals>(LOCAL_DOCUMENT_ID, { byAccount });
      });
      writing = write.catch(() => undefined);
      return write;
    },
  };
}
