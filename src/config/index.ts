export { describeIssue, flagOf, keyOf, parseSettings, settingHelp, settingKeys } from './options.js';
export { loadConfigFile } from './load-config.js';
export { applyConfigFile, attachConfigFiles } from './command-config.js';
