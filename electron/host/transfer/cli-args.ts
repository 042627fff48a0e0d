/**
 * The command line of `npm run cli`, parsed into a verdict (never exits itself), so every
 * refusal is tested and cli-run.ts decides how to leave.
 */
import { parseArgs } from 'node:util';

export const CLI_USAGE = `Usage:
  npm run cli -- import <folder> [--data <dir>] [--workspace <name>] [--json]
  npm run cli -- export <dir>    [--data <dir>]  --workspace <name>  [--json]

import   reads a folder of Markdown notes (an Obsidian vault) into a workspace: folders become
         the page tree, [[links]] and images are kept. Importing the same folder again updates
         the pages it created. The workspace is found by name (or id) and created if missing;
         by default it is named after the folder.
export   writes a workspace as a folder of .md files that Obsidian opens as a vault. <dir> must
         be new or empty. Works while the desktop app or a serve peer has the data directory
         open: it then reads a consistent snapshot of the store.

Options:
  --data <dir>        data directory (default: the desktop app's)
  --workspace <name>  the workspace's name or id (export: may be left out when there is only one)
  --json              print the report as JSON on stdout
  --help              show this help
`;

export interface CliArgs {
  readonly command: 'import' | 'export' | 'help';
  /** The folder to import, or the folder to export into. */
  readonly path: string;
  readonly dataDir: string | undefined;
  readonly workspace: string | undefined;
  readonly json: boolean;
}

export type CliVerdict = { ok: true; args: CliArgs } | { ok: false; message: string };

export function parseCliArgs(argv: readonly string[]): CliVerdict {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        workspace: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  const base = { dataDir: values.data, workspace: values.workspace, json: values.json };
  if (values.help) return { ok: true, args: { command: 'help', path: '', ...base } };
  const [command, path, ...rest] = positionals;
  if (command !== 'import' && command !== 'export') {
    return { ok: false, message: command === undefined ? 'name a command: import or export' : `unknown command ${JSON.stringify(command)}` };
  }
  if (path === undefined || path.trim() === '') return { ok: false, message: `${command} needs a folder` };
  if (rest.length > 0) return { ok: false, message: `unexpected argument ${JSON.stringify(rest[0])}` };
  if (values.data !== undefined && values.data.trim() === '') return { ok: false, message: '--data needs a directory' };
  if (values.workspace !== undefined && values.workspace.trim() === '') return { ok: false, message: '--workspace needs a name' };
  return { ok: true, args: { command, path, ...base } };
}
