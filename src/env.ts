// Environment-variable parsers shared by the configuration modules. Each module passes its own error
// constructor, so a bad value is reported as that module's configuration error.
export type Env = Record<string, string | undefined>;

/** `1|true|yes` or `0|false|no` (any case); unset or empty gives the fallback. */
export function envBool(env: Env, name: string, fallback: boolean, fail: (message: string) => Error): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes)$/i.test(raw)) return true;
  if (/^(0|false|no)$/i.test(raw)) return false;
  throw fail(`${name}=${raw} is invalid: expected true or false`);
}
