/**
 * The small collections every screen consults, loaded once for the whole app and kept live:
 * the workflows and the location tree.
 */
import { createContext, use, useMemo, type ReactNode } from 'react';
import type { Workflow } from '../../shared/domain';
import { DEFAULT_WORKFLOW, DEFAULT_WORKFLOW_ID } from '../../shared/workflow';
import { indexLocations, type LocationIndex } from '../features/locations/location-tree';
import { useLocations, useWorkflows } from './live-data';
import { useSession } from './session';

export interface ReferenceData {
  /** Workflows by id. */
  workflows: ReadonlyMap<string, Workflow>;
  /** The workflow new issues follow and the board shows. */
  defaultWorkflow: Workflow;
  locations: LocationIndex;
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
      loaded: workflows.state === 'ready' && locations.state === 'ready',
      ...(failure !== undefined && { failure }),
    };
  }, [workflows, locations]);
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
