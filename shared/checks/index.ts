// Checks: public surface.
export * from './checker';
