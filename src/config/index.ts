export { describeIssue, flagOf, keyOf, parseSettings, settingHelp, settingKeys } from './options.js';
export { loadConfigFile } from './load-config.js';
