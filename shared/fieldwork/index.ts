// Public surface of the fieldwork domain core: case IDs, AAPOR dispositions and rates, frame validation, design weights.
export * from './caseId';
export * from './dispositions';
export * from './rates';
export * from './frame';
export * from './designWeights';
export * from './report';
export * from './responseDisposition';
