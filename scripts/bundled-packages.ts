/**
 * Packages built into main's bundle (Electron's and the browser shell's) instead of required from
 * node_modules at start. Node loads a CommonJS package file by file: zod alone is some 70 files
 * and 200 ms of a desk's start, against 30 ms as part of one bundle. Only pure JavaScript without
 * platform variants belongs here; native, heavy-and-lazy (pdf-lib, exceljs, electron-updater) and
 * everything else stay external, as electron-vite leaves them by default.
 */
export const BUNDLED_PACKAGES = ['zod'];
