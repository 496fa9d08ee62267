export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { boot } = await import('./lib/boot');
  try {
    await boot();
  } catch (error) {
    // A second server on the same embedded database, or a failed migration: stop at once.
    console.error(`\nRedress cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
