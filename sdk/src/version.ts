// The package version, sent as the default User-Agent. A test checks it equals package.json.
export const SDK_VERSION = '2.1.0';
