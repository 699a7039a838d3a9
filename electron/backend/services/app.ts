// App-level channels: version and schema information.
import { LATEST_SCHEMA_VERSION } from '../db/migrate';
import { APP_VERSION } from '../version';
import type { HandlerPart } from '../handlerTypes';

/** Handlers of the app.* channels. */
export const appHandlers = {
  'app.info': () => ({ appVersion: APP_VERSION, schemaVersion: LATEST_SCHEMA_VERSION, languages: ['nl', 'en'] }),
} satisfies HandlerPart<'app.info'>;
