import { UsageError } from './usage-error';

/** What a secret is read from: standard input, a terminal or a pipe. */
export interface SecretInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  setEncoding(encoding: BufferEncoding): unknown;
  on(event: 'data', listener: (chunk: string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event: string): unknown;
  resume(): unknown;
  pause(): unknown;
}

const ENTER = new Set(['\r', '\n']);
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const BACKSPACE = new Set(['\u007f', '\b']);

/**
 * Asks for a secret on the terminal without echoing it (raw mode: nothing typed is shown,
 * not even stars). Backspace edits, Enter ends, Ctrl-C or Ctrl-D on an empty line cancels.
 */
export function promptSecret(
  question: string,
  input: SecretInput,
  write: (text: string) => void,
): Promise<string> {
  if (!input.isTTY || !input.setRawMode) {
    return Promise.reject(
      new UsageError(
        'no terminal to ask for the password on: use --password-stdin or MEDICALINK_PASSWORD',
      ),
    );
  }
  write(question);
  input.setEncoding('utf8');
  input.setRawMode(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (outcome: () => void) => {
      input.removeAllListeners('data');
      input.setRawMode?.(false);
      input.pause();
      write('\n');
      outcome();
    };
    input.on('data', (chunk: string) => {
      for (const char of chunk) {
        if (ENTER.has(char)) return finish(() => resolve(secret));
        if (char === CTRL_C || (char === CTRL_D && secret === '')) {
          return finish(() => reject(new UsageError('cancelled')));
        }
        if (BACKSPACE.has(char)) secret = secret.slice(0, -1);
        else if (char >= ' ') secret += char;
      }
      return undefined;
    });
  });
}

/** The first line of standard input, without its line break (`--password-stdin`). */
export function readSecretFromStdin(input: SecretInput): Promise<string> {
  if (input.isTTY) {
    return Promise.reject(
      new UsageError(
        '--password-stdin reads a pipe or a file, not the terminal: leave it out to be asked',
      ),
    );
  }
  return new Promise((resolve, reject) => {
    let text = '';
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => (text += chunk));
    input.on('error', reject);
    input.on('end', () => {
      const line = text.split(/\r?\n/)[0] ?? '';
      if (line === '') reject(new UsageError('--password-stdin: standard input was empty'));
      else resolve(line);
    });
    input.resume();
  });
}

/**
 * A secret the command line must never carry: taken from stdin with `--password-stdin`, from
 * an environment variable, or asked on the terminal, in that order.
 */
export async function readSecret(options: {
  fromStdin: boolean;
  fromEnv: string | undefined;
  question: string;
  input: SecretInput;
  write: (text: string) => void;
}): Promise<string> {
  if (options.fromStdin) return readSecretFromStdin(options.input);
  if (options.fromEnv) return options.fromEnv;
  return promptSecret(options.question, options.input, options.write);
}

/** `--password` on the command line: refused with the reason and what to do instead. */
export function refusePasswordArgument(value: string | undefined): void {
  if (value === undefined) return;
  throw new UsageError(
    '--password is not accepted: a command line shows in `ps` and in the shell history. ' +
      'Leave it out to be asked, or use --password-stdin or MEDICALINK_PASSWORD',
  );
}
