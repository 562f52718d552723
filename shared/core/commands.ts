/**
 * The commands of the app core: the only way the UI and the rest of the app write data.
 * The same interface is served in-process (web edition, Node) and over IPC (Electron).
 * The acting user and device are bound when the core is created, never taken from callers.
 */
import type { Issue, IssueComment, IssuePatch, Location, NewIssueInput, Workflow } from '../domain';

export interface TransitionInput {
  resolutionComment?: string;
}

export interface NewLocationInput {
  name: string;
  kind: Location['kind'];
  parentId?: string;
  timeZone?: string;
  calendar?: Location['calendar'];
}

export type LocationPatch = Partial<Pick<Location, 'name' | 'timeZone' | 'calendar'>>;

export interface AppCommands {
  createIssue(input: NewIssueInput): Promise<Issue>;
  /** `expectedVersion`, when given, makes the edit fail if someone else changed the issue. */
  updateIssue(issueId: string, patch: IssuePatch, expectedVersion?: number): Promise<Issue>;
  transition(issueId: string, transitionId: string, input?: TransitionInput): Promise<Issue>;
  addComment(issueId: string, body: string): Promise<IssueComment>;
  createLocation(input: NewLocationInput): Promise<Location>;
  updateLocation(locationId: string, patch: LocationPatch): Promise<Location>;
  saveWorkflow(workflow: Omit<Workflow, 'updatedAt'>): Promise<Workflow>;
}

export type AppCommandName = keyof AppCommands;
