export * from './collections';
export { issueSchema } from './issue.schema';
export { commentSchema } from './comment.schema';
export { issueEventSchema } from './issue-event.schema';
export { locationSchema } from './location.schema';
export { workflowSchema } from './workflow.schema';
export { personSchema } from './person.schema';
