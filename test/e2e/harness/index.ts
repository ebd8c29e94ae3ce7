// The e2e harness: real VS Code (code-server) in Chromium, driven as a user.
export { launchVsCode, useVsCode, resultsDirFor, BROWSER_ARGS, VsCodeSession } from './session';
export type { FakeServer, FakeServerOptions, LaunchOptions, StartupTimings } from './session';
export { Workbench, DEFAULT_KEY_DELAY_MS } from './workbench';
export { customProfile, useProfile, writeUserSettings, TEST_PROFILE_SETTINGS } from './settings';
export { EXTENSION_ID, REPO_ROOT, extensionVsix, extensionActivationLine, installExtensions, startCodeServer } from './codeServer';
export { waitUntil, killTree, sleep } from './processes';
