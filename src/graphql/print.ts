import { lexicographicSortSchema, printSchema } from 'graphql';
import { getSchema } from './schema.js';

export function printSchemaFile(): string {
  return `# Generated from the Pothos schema by \`npm run schema:print\`. Do not edit by hand.\n\n${printSchema(lexicographicSortSchema(getSchema()))}\n`;
}
