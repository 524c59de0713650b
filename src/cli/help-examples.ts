/** An "Examples:" section for a command's --help: each line a command, then what it does. */
export function examples(lines: Array<[command: string, what: string]>): string {
  return `\nExamples:\n${lines.map(([command, what]) => `  $ ${command}\n      ${what}`).join('\n')}\n`;
}
