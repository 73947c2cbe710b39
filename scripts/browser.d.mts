// Types for browser.mjs (plain JS so that .ci/run can call it before TypeScript is installed).
export class BrowserNotFoundError extends Error {}
export function findBrowser(): string;
export const WEBGPU_FLAGS: string[];
export const BASE_FLAGS: string[];
export const WEBGPU_LAUNCH_ARGS: string[];
