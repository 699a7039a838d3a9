// Routing: public surface.
export * from './router';
