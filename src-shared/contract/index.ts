export * from './errors';
export * from './protocol';
export * from './methods';
export * from './events';
export * from './client';
export * from './transport';
export * from './memory-transport';
