// Offline schema check of electron-builder.yml (the real build needs the internet for Electron and NSIS).
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util/out/DebugLogger');
(async () => {
  const c = await getConfig(process.cwd(), process.argv[2] || 'electron-builder.yml', null);
  await validateConfiguration(c, new DebugLogger(false));
  console.log('electron-builder.yml: valid');
})().catch((e) => {
  console.error('electron-builder.yml: INVALID:', e.message);
  process.exit(1);
});
