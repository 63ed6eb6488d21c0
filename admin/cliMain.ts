/**
 * Runs an operator command's `main` when its file is the entry point: exit
 * with its code, or 2 with one line (never a stack with data) when it throws.
 */
export function runAsCommand(entry: NodeJS.Module, main: () => Promise<number>, failure: string): void {
  if (require.main !== entry) return;
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`[aidloop] ${failure}:`, err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
