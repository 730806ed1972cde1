/** Access: organisations, users and their roles, passwords, sessions. */
export * from './organisations.ts';
export * from './passwords.ts';
export * from './policies.ts';
export * from './roles.ts';
export * from './sessions.ts';
export * from './users.ts';
