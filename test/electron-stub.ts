// Vitest alias target for 'electron': unit tests must never try to download or start the Electron binary.
export const app = {};
export default {};
