// The application's version, read from package.json at build time.
import pkg from '../../package.json';

/** Veldwerk's version string (semver), as written into projects and exports. */
export const APP_VERSION: string = pkg.version;
