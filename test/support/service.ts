// Runs the real service (`src/main.ts`) as a child process, the way `npm start` does, for tests about
// the process itself: signals, exit codes, start-up messages, the data folder across restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Service {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  base: string;
  /** Everything written to stdout so far (JSON log lines). */
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** compiled: what `npm start` runs (dist/main.js, the bundle scripts/build.mjs makes) instead of the sources. */
export interface ServiceOptions {
  compiled?: boolean;
}

function spawnService(env: Record<string, string>, opts: ServiceOptions = {}) {
  return spawn(process.execPath, opts.compiled ? ['dist/main.js'] : ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    // A clean environment: only what the test sets (plus what node needs to run).
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      // Every request of a test comes from 127.0.0.1: rate limits only where a test sets them.
      RATE_LIMIT_PER_ADDRESS: '1000000',
      RATE_LIMIT_EXPENSIVE: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the service and resolves once it logs "tuntas listening". */
export function startService(env: Record<string, string>, opts: ServiceOptions = {}): Promise<Service> {
  const child = spawnService(env, opts);
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (c: Buffer) => (err += c));
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const line = out.split('\n').find((l) => l.includes('"tuntas listening"'));
      if (line) {
        const base = new URL(JSON.parse(line).url).origin.replace('localhost', '127.0.0.1');
        resolve({
          child,
          base,
          stdout: () => out,
          stderr: () => err,
          exited,
          stop(signal = 'SIGTERM') {
            child.kill(signal);
            return exited;
          },
        });
      }
    });
    void exited.then((code) => reject(new Error(`service exited (${code}) before listening:\n${out}\n${err}`)));
  });
}

/** Runs the service expecting it to exit on its own (bad configuration); resolves with its output. */
export function runServiceToExit(env: Record<string, string>): Promise<Exited> {
  const child = spawnService(env);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/** POST a GraphQL operation to a running service. */
export async function gqlAt(base: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}
