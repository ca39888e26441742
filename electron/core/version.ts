import packageJson from '../../package.json' with { type: 'json' };

/** The version written into every import, export and audit record that names its generator. */
export const APP_VERSION: string = packageJson.version;
