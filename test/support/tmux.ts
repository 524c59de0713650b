import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** Drives one tmux session: start a command, wait for text on screen, type keys. */
export function tmuxSession(name: string) {
  const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', name);
  // `--`: a key may start with '-' (a random secret did: "send-keys: unknown flag -4")
  const keys = (...k: string[]) => tmux('send-keys', '-t', name, '--', ...k);

  /** Waits until the terminal shows `text` (the prompt has rendered) and returns the screen. */
  async function waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const shown = screen();
      if (typeof text === 'string' ? shown.includes(text) : text.test(shown)) return shown;
      if (Date.now() > deadline) throw new Error(`the terminal never showed ${typeof text === 'string' ? JSON.stringify(text) : text}; it shows:\n${shown}`);
      await sleep(100);
    }
  }

  return {
    start: (command: string, size = { columns: 120, rows: 50 }) =>
      tmux('new-session', '-d', '-s', name, '-x', String(size.columns), '-y', String(size.rows), command),
    screen,
    keys,
    waitFor,
    async answer(prompt: string, ...k: string[]): Promise<void> {
      await waitFor(prompt);
      keys(...k);
      await sleep(200);
    },
    kill(): void {
      try {
        tmux('kill-session', '-t', name);
      } catch {
        // already gone
      }
    },
  };
}
