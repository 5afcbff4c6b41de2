export { buildApp } from './app.ts';
export type { AppOptions } from './app.ts';
export { createEngine } from './engine.ts';
export type { Engine } from './engine.ts';
