export * from './issue';
export * from './people';
export * from './comment';
export * from './issue-event';
export * from './location';
export * from './workflow';
