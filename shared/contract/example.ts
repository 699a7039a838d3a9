// zod schemas of the example channel: build and open the Monitor 2014 example project.
import { z } from 'zod';
import { ProjectInfo } from './schemas';

/** Channels of the example project (spread into backendApi). */
export const exampleApi = {
  /** Builds the Monitor 2014 example (small size, seed 2014) as `voorbeeld-monitor-2014.vwk` in the app-data folder and opens it. */
  'example.open': { input: z.object({}).strict(), output: ProjectInfo },
} as const;
