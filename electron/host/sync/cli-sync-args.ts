/**
 * The command line of `npm run cli -- invite|join`, parsed into a verdict (never exits itself), so
 * every refusal is tested and cli-sync.ts decides how to leave.
 */
import { parseArgs } from 'node:util';
import { checkSignalingUrl } from '../../../shared/bridge/sync-urls';
import { isRole, ROLES, type Role } from '../../../shared/model/members';

export const SYNC_CLI_USAGE = `Usage:
  npm run cli -- invite --workspace <name> [--data <dir>] [--role <role>] [--json]
  npm run cli -- join <link or code>       [--data <dir>] [--name <your name>]
                                           [--peer-address <ws://host:port>]... [--json]

invite   prints an invite link (commonplace://join/…) for a workspace and, when a serve runs
         on the data directory, a short code to type on the same LAN (valid ten minutes, while
         that serve runs). Roles: ${ROLES.join(', ')} (default: contributor).
join     joins a workspace by invite link or code. With a serve running on the data directory
         it joins there and syncs at once; otherwise it stores the workspace, and the next
         \`npm run serve -- --peer --data <dir>\` pulls everything. A code is looked up from
         the peers the data directory knows and those given with --peer-address.

Options:
  --data <dir>             data directory (default: the desktop app's)
  --workspace <name>       the workspace's name or id
  --role <role>            the role the invite grants
  --name <name>            your name as other members see it
  --peer-address <url>     a peer's signaling server to ask for a code, and to sync with
  --json                   print the result as JSON on stdout
`;

export type SyncCliArgs =
  | { readonly command: 'invite'; readonly dataDir: string | undefined; readonly workspace: string; readonly role: Role; readonly json: boolean }
  | {
      readonly command: 'join';
      readonly dataDir: string | undefined;
      readonly invite: string;
      readonly name: string | undefined;
      readonly peers: readonly string[];
      readonly json: boolean;
    };

export type SyncCliVerdict = { ok: true; args: SyncCliArgs } | { ok: false; message: string };

const refuse = (message: string): SyncCliVerdict => ({ ok: false, message });

export function parseSyncCliArgs(argv: readonly string[]): SyncCliVerdict {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        workspace: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'peer-address': { type: 'string', multiple: true, default: [] },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.data !== undefined && values.data.trim() === '') return refuse('--data needs a directory');
  if (command === 'invite') {
    if (rest.length > 0) return refuse(`unexpected argument ${JSON.stringify(rest[0])}`);
    if (values.workspace === undefined || values.workspace.trim() === '') return refuse('invite needs --workspace <name>');
    const role = values.role ?? 'contributor';
    if (!isRole(role)) return refuse(`--role must be one of ${ROLES.join(', ')}`);
    if (values.name !== undefined || values['peer-address'].length > 0) return refuse('--name and --peer-address go with join');
    return { ok: true, args: { command, dataDir: values.data, workspace: values.workspace.trim(), role, json: values.json } };
  }
  if (command === 'join') {
    const [invite, ...extra] = rest;
    if (invite === undefined || invite.trim() === '') return refuse('join needs an invite link or code');
    if (extra.length > 0) return refuse(`unexpected argument ${JSON.stringify(extra[0])}`);
    if (values.workspace !== undefined || values.role !== undefined) return refuse('--workspace and --role go with invite');
    if (values.name !== undefined && (values.name.trim() === '' || values.name.length > 80)) return refuse('--name needs a name of at most 80 characters');
    const peers: string[] = [];
    for (const address of values['peer-address']) {
      const verdict = checkSignalingUrl(address);
      if (!verdict.ok) return refuse(`--peer-address ${JSON.stringify(address)}: ${verdict.reason}`);
      peers.push(verdict.url);
    }
    return { ok: true, args: { command, dataDir: values.data, invite: invite.trim(), name: values.name?.trim(), peers, json: values.json } };
  }
  return refuse(command === undefined ? 'name a command: invite or join' : `unknown command ${JSON.stringify(command)}`);
}
