import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(REPO_ROOT, 'engine/bin/tessera.mjs');

/** Variables the CLI reads: the parent's values never leak into a spawned CLI. */
const CLI_VARIABLES = ['PORT', 'HOST', 'DATABASE_URL', 'TESSERA_DATA_DIR', 'TESSERA_ADMIN_EMAIL', 'TESSERA_ADMIN_PASSWORD', 'TESSERA_SEED_CRM'];

/** The test process's environment without the CLI's variables, plus `env`. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CLI_VARIABLES) delete base[name];
  return { ...base, ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `tessera <args>` to completion. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tessera ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** Everything printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /**
   * Sends `signal` to the whole process group, as Ctrl-C in a terminal does (or, with `to: 'process'`,
   * to the CLI process alone, as a service manager does); resolves with the exit code and how long it took.
   */
  stop(signal?: NodeJS.Signals, options?: { timeoutMs?: number; to?: 'group' | 'process' }): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** For afterAll: stop it if it still runs, however it can be stopped. */
  dispose(): Promise<void>;
}

/** Starts a long-running `tessera <args>` (such as `start`) in a process group of its own. */
export function spawnCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((listener) => listener());
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    changed();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    changed();
  });
  child.on('exit', (code, signal) => {
    exit = { code, signal };
    changed();
  });

  const whenExited = (timeoutMs: number) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      const check = () => {
        if (!exit) return;
        cleanup();
        resolve(exit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`tessera ${args.join(' ')} still runs after ${timeoutMs} ms\n${output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const signalGroup = (signal: NodeJS.Signals, to: 'group' | 'process' = 'group') => {
    if (child.pid === undefined || exit) return;
    try {
      process.kill(to === 'group' ? -child.pid : child.pid, signal);
    } catch {
      // The group is already gone.
    }
  };

  return {
    child,
    output: () => output,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match) {
            cleanup();
            resolve(match);
          } else if (exit) {
            cleanup();
            reject(new Error(`tessera ${args.join(' ')} exited (${exit.code ?? exit.signal}) before printing ${pattern}\n${output}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`tessera ${args.join(' ')} did not print ${pattern} in ${timeoutMs} ms\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGINT', { timeoutMs = 15_000, to = 'group' } = {}) {
      const started = performance.now();
      signalGroup(signal, to);
      const result = await whenExited(timeoutMs);
      return { ...result, ms: Math.round(performance.now() - started) };
    },
    async dispose() {
      if (exit) return;
      signalGroup('SIGINT');
      try {
        await whenExited(15_000);
      } catch {
        signalGroup('SIGKILL');
      }
    },
  };
}
