/**
 * Packages built into main's bundle (Electron's and the browser shell's) instead of required from
 * node_modules at start. Node loads a CommonJS package file by file: zod alone is some 70 files
 * and 200 ms of a desk's start, against 30 ms as part of one bundle; socket.io-client with what it
 * requires is some 50 files more (the shell's code cache covers them too once bundled). Only pure
 * JavaScript without platform variants belongs here, with every package it requires (the shell's
 * build leaves any package not named here external); native, heavy-and-lazy (pdf-lib, exceljs,
 * electron-updater) and everything else stay external, as electron-vite leaves them by default.
 */
export const BUNDLED_PACKAGES = [
  'zod',
  'socket.io-client',
  'engine.io-client',
  'engine.io-parser',
  'socket.io-parser',
  '@socket.io/component-emitter',
  'debug',
  'ms',
  'ws',
  'xmlhttprequest-ssl',
];
