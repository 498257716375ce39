/** The bundled shell (src-main/shell/cli.ts) in out/shell, beside its cached entry, cli.cjs (cached-start.ts). */
export const SHELL_APP = 'shell.cjs';
