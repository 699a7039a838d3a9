// Export layout: public surface (pure; the backend writer in electron/backend/export applies it).
export * from './cells';
export * from './dataset';
export * from './frequencies';
export * from './layout';
export * from './csv';
export * from './spss';
