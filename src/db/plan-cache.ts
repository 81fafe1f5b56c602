// Prisma 6's client engine compiles every query into a plan in Wasm, on every call, even when the very
// same query ran a moment ago: about a third of the CPU time of a staff page. Plans depend only on the
// query's JSON (argument values included, nothing else: no clock, no connection), so the same JSON
// gets the same plan from a bounded cache. Plans are frozen when cached, so an execution that tried to
// change one would throw rather than corrupt the next (strict-mode code throws on frozen writes).
import { QueryCompiler } from '@prisma/client/runtime/query_compiler_bg.postgresql.mjs';

/** Plans kept (most recently used); a staff page uses about ten. */
const MAX_PLANS = 2000;
/** Queries longer than this (bulk inserts, long id lists) are compiled every time, not kept. */
const MAX_QUERY_CHARS = 16_384;

function deepFreeze(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}

let installed = false;

export function installPlanCache(): void {
  if (installed) return;
  installed = true;
  const proto = QueryCompiler.prototype as { compile(json: string): unknown };
  const compile = proto.compile;
  const plans = new Map<string, unknown>();
  proto.compile = function (this: unknown, json: string) {
    if (json.length > MAX_QUERY_CHARS) return compile.call(this, json);
    const hit = plans.get(json);
    if (hit !== undefined) {
      // Refresh its place in the insertion order (least recently used goes first).
      plans.delete(json);
      plans.set(json, hit);
      return hit;
    }
    const plan = deepFreeze(compile.call(this, json));
    plans.set(json, plan);
    if (plans.size > MAX_PLANS) plans.delete(plans.keys().next().value!);
    return plan;
  };
}
