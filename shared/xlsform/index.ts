// XLSForm import/export (pure): public surface.
export * from './sheets';
export * from './columns';
export * from './read';
export * from './write';
