// Writes schema.graphql from the Pothos schema (committed; test/schema.test.ts fails when it is stale).
import { writeFileSync } from 'node:fs';
import { printSchemaFile } from '../src/graphql/print.js';

writeFileSync(new URL('../schema.graphql', import.meta.url), printSchemaFile());
console.log('schema.graphql written');
