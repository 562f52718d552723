/**
 * The small collections every screen consults, loaded once for the whole app and kept live:
 * the workflows, the location tree and the people.
 */
import { createContext, use, useMemo, type ReactNode } from 'react';
import type { Workflow } from '../../shared/domain';
import { DEFAULT_WORKFLOW, DEFAULT_WORKFLOW_ID } from '../../shared/workflow';
import { indexLocations, type LocationIndex } from '../features/locations/location-tree';
import { useLocations, usePeople, useWorkflows } from './live-data';
import { indexPeople, NO_PEOPLE, type PeopleIndex } from './people';
import { useSession } from './session';

export interface ReferenceData {
  /** Workflows by id. */
  workflows: ReadonlyMap<string, Workflow>;
  /** The workflow new issues follow and the board shows. */
  defaultWorkflow: Workflow;
  locations: LocationIndex;
  /** Names of people by id (an empty index until read: ids show marked meanwhile). */
  people: PeopleIndex;
  /** False until both collections have been read once. */
  loaded: boolean;
  /** Why a collection could not be read, if it could not. */
  failure?: string;
}

const ReferenceContext = createContext<ReferenceData | null>(null);

export function ReferenceDataProvider({ children }: { children: ReactNode }) {
  const { db } = useSession();
  const workflows = useWorkflows(db);
  const locations = useLocations(db);
  const peopleList = usePeople(db);
  const people = useMemo(
    () => (peopleList.state === 'ready' ? indexPeople(peopleList.value) : NO_PEOPLE),
    [peopleList],
  );
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

export function useReferenceData(): ReferenceData {
  const data = use(ReferenceContext);
  if (!data) throw new Error('useReferenceData is used outside of the ReferenceDataProvider.');
  return data;
}

/** The workflow an issue follows (the default one when its own is not known here yet). */
export function workflowOf(data: ReferenceData, workflowId: string): Workflow {
  return data.workflows.get(workflowId) ?? data.defaultWorkflow;
}

/** How screens name a person: `name(id)`, see PeopleIndex.nameOf. */
export function usePersonName(): (id: string) => string {
  return useReferenceData().people.nameOf;
}
