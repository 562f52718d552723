export * from './app-core';
export * from './commands';
export * from './database';
export * from './field-changes';
