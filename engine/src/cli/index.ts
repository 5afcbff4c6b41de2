export { startTessera } from './start.ts';
export type { RunningTessera } from './start.ts';
export { bootstrap } from './bootstrap.ts';
export type { Bootstrapped, FirstAdmin } from './bootstrap.ts';
