/**
 * How many documents changed on this device wait to be acknowledged by the server, read from
 * RxDB's own replication state, so the count survives restarts and never drifts: a document
 * is pending when it changed after the push checkpoint and differs from the master state the
 * replication last saw (or is a merged conflict result not yet pushed). This is the same test
 * RxDB's upstream makes before pushing.
 */
import {
  getChangedDocumentsSince,
  getComposedPrimaryKeyOfDocumentData,
  getAssumedMasterState,
  writeDocToDocState,
  type RxDocumentData,
  type RxStorageInstanceReplicationState,
} from 'rxdb';

const PAGE = 1_000;

export async function countPendingChanges<T>(
  state: RxStorageInstanceReplicationState<T>,
): Promise<number> {
  const { forkInstance, metaInstance, conflictHandler } = state.input;
  // Read without getLastCheckpointDoc(), which also caches what it reads for the writer.
  const checkpointId = getComposedPrimaryKeyOfDocumentData(metaInstance.schema, {
    isCheckpoint: '1',
    itemId: 'up',
  });
  const [checkpointDoc] = await metaInstance.findDocumentsById([checkpointId], false);
  let checkpoint: unknown = checkpointDoc?.checkpointData;
  let pending = 0;
  for (;;) {
    if (state.events.canceled.getValue()) return pending;
    const page = await getChangedDocumentsSince(forkInstance, PAGE, checkpoint as never);
    const documents: RxDocumentData<T>[] = page.documents;
    if (documents.length === 0) break;
    const ids = documents.map((doc) => String((doc as Record<string, unknown>)[state.primaryPath]));
    const assumed = await getAssumedMasterState(state, ids);
    for (const [index, doc] of documents.entries()) {
      const master = assumed[ids[index]!];
      if (
        master === undefined ||
        master.metaDocument.isResolvedConflict === doc._rev ||
        !conflictHandler.isEqual(
          master.docData,
          writeDocToDocState(doc, state.hasAttachments, false),
          'pending-changes-count',
        )
      ) {
        pending += 1;
      }
    }
    checkpoint = page.checkpoint;
    if (documents.length < PAGE) break;
  }
  return pending;
}
