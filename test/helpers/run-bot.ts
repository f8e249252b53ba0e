import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const REPO = join(__dirname, '..', '..');

export interface BotRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real bot as a child process with `input` piped to the shell adapter. */
export function runBot(input: string, env: Record<string, string>, options: { npm?: boolean; timeoutMs?: number } = {}): Promise<BotRun> {
  const [command, args] = options.npm ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'src/index.ts']];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args as string[], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/root', HTTP_PORT: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bot did not exit within ${options.timeoutMs ?? 30000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}
