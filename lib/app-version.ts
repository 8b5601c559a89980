import packageJson from '@/package.json';

/** The app's version (package.json), recorded in export manifests. */
export const APP_VERSION: string = packageJson.version;
