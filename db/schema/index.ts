export * from './users';
export * from './reference';
export * from './cases';
export * from './documents';
export * from './reviews';
export * from './audit';
export * from './jobs';
export * from './petitions';
