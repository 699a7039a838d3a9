// Routing: public surface.
export * from './router';
export * from './calculated';
