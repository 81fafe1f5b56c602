// The Wasm query compiler's module (shipped without declarations); src/db/plan-cache.ts wraps it.
declare module '@prisma/client/runtime/query_compiler_bg.postgresql.mjs' {
  export class QueryCompiler {
    compile(json: string): unknown;
  }
}
