/**
 * The small collections every screen consults, loaded once for the whole app and kept live:
 * the workflows, the location tree and the people (by name, see people.ts).
 */
import {
  createContext,
  use,
  useCallback,
  useLayoutEffect,
  useMemo,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { AppDatabase } from '../../shared/core/database';
import type { Actor, Workflow } from '../../shared/domain';
import { DEFAULT_WORKFLOW, DEFAULT_WORKFLOW_ID } from '../../shared/workflow';
import { indexLocations, type LocationIndex } from '../features/locations/location-tree';
import { useLocations, useWorkflows } from './live-data';
import { peopleSource, type PeopleDirectory } from './people';
import { useSession } from './session';

export interface ReferenceData {
  /** Workflows by id. */
  workflows: ReadonlyMap<string, Workflow>;
  /** The workflow new issues follow and the board shows. */
  defaultWorkflow: Workflow;
  locations: LocationIndex;
  /** Names people by id, live (ids show as themselves until the people are read). */
  people: PeopleDirectory;
  /** False until both collections have been read once. */
  loaded: boolean;
  /** Why a collection could not be read, if it could not. */
  failure?: string;
}

const ReferenceContext = createContext<ReferenceData | null>(null);

export function ReferenceDataProvider({ children }: { children: ReactNode }) {
  const { db, actor } = useSession();
  const workflows = useWorkflows(db);
  const locations = useLocations(db);
  const people = usePeopleDirectory(db, actor);
  const value = useMemo<ReferenceData>(() => {
    const list = workflows.state === 'ready' ? workflows.value : [];
    const byId = new Map(list.map((w) => [w.id, w]));
    const failure =
      workflows.state === 'failed'
        ? workflows.message
        : locations.state === 'failed'
          ? locations.message
          : undefined;
    return {
      workflows: byId,
      defaultWorkflow: byId.get(DEFAULT_WORKFLOW_ID) ?? list[0] ?? DEFAULT_WORKFLOW,
      locations: indexLocations(locations.state === 'ready' ? locations.value : []),
      people,
      loaded: workflows.state === 'ready' && locations.state === 'ready',
      ...(failure !== undefined && { failure }),
    };
  }, [workflows, locations, people]);
  return <ReferenceContext value={value}>{children}</ReferenceContext>;
}

/** The live people directory of the database, naming the acting user as they are known. */
function usePeopleDirectory(db: AppDatabase, actor: Actor): PeopleDirectory {
  const source = peopleSource(db);
  // Before paint: the first frame already names the acting user.
  useLayoutEffect(() => source.setSelf(actor), [source, actor]);
  return useLivePeople(db);
}

/**
 * The live people directory of `db`, for screens given a database rather than the session
 * (the rules); the same directory every screen names people by.
 */
export function useLivePeople(db: AppDatabase): PeopleDirectory {
  const source = peopleSource(db);
  const subscribe = useCallback(
    (changed: () => void) => {
      const subscription = source.directory$.subscribe({
        next: changed,
        // The people cannot be read: ids show as themselves, as before any sync.
        error: () => undefined,
      });
      return () => subscription.unsubscribe();
    },
    [source],
  );
  return useSyncExternalStore(subscribe, source.current);
}

export function useReferenceData(): ReferenceData {
  const data = use(ReferenceContext);
  if (!data) throw new Error('useReferenceData is used outside of the ReferenceDataProvider.');
  return data;
}

/** The workflow an issue follows (the default one when its own is not known here yet). */
export function workflowOf(data: ReferenceData, workflowId: string): Workflow {
  return data.workflows.get(workflowId) ?? data.defaultWorkflow;
}

/** The people directory: how every screen names a person by id. */
export function usePeople(): PeopleDirectory {
  return useReferenceData().people;
}
