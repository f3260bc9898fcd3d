import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { promptSecret, readSecretFromStdin, refusePasswordArgument } from './secrets';
import { UsageError } from './usage-error';

/** A fake terminal: records raw mode, and what the program writes back to the user. */
function terminal() {
  const stream = new PassThrough();
  const rawModes: boolean[] = [];
  const input = Object.assign(stream, {
    isTTY: true,
    setRawMode: (mode: boolean) => rawModes.push(mode),
  });
  let shown = '';
  return { input, rawModes, write: (text: string) => (shown += text), shown: () => shown };
}

describe('promptSecret', () => {
  it('reads a line in raw mode and shows nothing of what was typed', async () => {
    const tty = terminal();
    const answer = promptSecret('Password: ', tty.input, tty.write);
    tty.input.write('hunter2');
    tty.input.write('3\u007f2\r'); // a typo, backspace, Enter

    expect(await answer).toBe('hunter22');
    expect(tty.shown()).toBe('Password: \n');
    expect(tty.rawModes).toEqual([true, false]);
  });

  it('cancels on Ctrl-C, leaving raw mode', async () => {
    const tty = terminal();
    const answer = promptSecret('Password: ', tty.input, tty.write);
    tty.input.write('abc\u0003');

    await expect(answer).rejects.toThrow('cancelled');
    expect(tty.rawModes).toEqual([true, false]);
  });

  it('refuses to ask without a terminal, saying what to use instead', async () => {
    const pipe = new PassThrough();
    await expect(promptSecret('Password: ', pipe, () => undefined)).rejects.toThrow(
      /no terminal .*--password-stdin or MEDICALINK_PASSWORD/,
    );
  });
});

describe('readSecretFromStdin', () => {
  it('takes the first line of a pipe without its line break', async () => {
    const pipe = new PassThrough();
    const answer = readSecretFromStdin(pipe);
    pipe.end('s3cret with spaces\r\nignored\n');
    expect(await answer).toBe('s3cret with spaces');
  });

  it('refuses an empty input and the terminal', async () => {
    const empty = new PassThrough();
    const answer = readSecretFromStdin(empty);
    empty.end('');
    await expect(answer).rejects.toThrow('standard input was empty');
    await expect(readSecretFromStdin(terminal().input)).rejects.toThrow(/not the terminal/);
  });
});

it('refuses --password on the command line with the reason', () => {
  expect(() => refusePasswordArgument(undefined)).not.toThrow();
  expect(() => refusePasswordArgument('hunter2')).toThrow(UsageError);
  expect(() => refusePasswordArgument('hunter2')).toThrow(/shows in `ps` and in the shell history/);
});
