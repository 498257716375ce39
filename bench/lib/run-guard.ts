/**
 * Every bench stops by itself: after `timeoutS` (printing what it knows) or on Ctrl+C, `stop`
 * closes the browser, the child processes and the temporary files.
 */
export function guardRun(name: string, timeoutS: number, stop: () => void, diagnostics: () => string): void {
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${timeoutS} s; stopping.\n${diagnostics()}`);
    stop();
    process.exit(1);
  }, timeoutS * 1000);
  watchdog.unref();
  process.once('SIGINT', () => {
    stop();
    process.exit(130);
  });
}
