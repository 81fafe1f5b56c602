export async function runImportCommand(..._a: unknown[]): Promise<number> { return 1; }
