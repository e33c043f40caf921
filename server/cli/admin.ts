import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ROLES } from '../../src/lib/model';
import { AccountError, Accounts } from '../accounts/accounts';
import { Invitations } from '../accounts/invitations';
import { inviteUrl } from '../api/invitations';
import { ConfigError, loadConfig, type Config } from '../config';
import { DataError } from '../store/community-data';
import { openStore } from '../store/open';
import { StoreError, type Store } from '../store/types';
import { UsageError, exactly, required, type Output } from './args';
import { DATA_COMMANDS, DATA_USAGE, runDataCommand } from './data';

const USAGE = `usage: npm run admin -- <command>

  community add <id> --name <name>      create a community and its workspace
  community list
  user add <username> --password <pw> [--name <display name>]
  user set-password <username> --password <pw>
  user list
  grant <username> <communityId> <role> give a user a role in a community
                                        (replaces the role they had there)
  revoke <username> <communityId>       take the user's role in the community away
  invite <communityId> <role> [--name <name>] [--days <1-30>]
                                        print a one-time link to join with that role
                                        (valid 7 days unless --days says otherwise)
${DATA_USAGE}

roles: ${ROLES.join(', ')}
The data directory is DATA_DIR (default ./data); the server may be running, except for restore.`;

const consoleOutput: Output = { out: (l) => console.log(l), err: (l) => console.error(l) };

const OPTIONS = {
	name: { type: 'string' },
	password: { type: 'string' },
	out: { type: 'string' },
	at: { type: 'string' },
	force: { type: 'boolean' },
	days: { type: 'string' }
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const SINGLE_WORD_COMMANDS = ['grant', 'revoke', 'invite'];

async function run(
	store: Store,
	config: Config,
	values: Values,
	positionals: string[],
	output: Output
): Promise<void> {
	const accounts = new Accounts(store);
	const [command, sub, ...rest] = positionals;
	const action = SINGLE_WORD_COMMANDS.includes(command) ? command : `${command ?? ''} ${sub ?? ''}`.trim();
	switch (action) {
		case 'community add': {
			const [id] = exactly(rest, 1, 'community add');
			const community = await accounts.addCommunity({ id, name: required(values.name, 'name') });
			return output.out(`created community ${community.id} (${community.name})`);
		}
		case 'community list': {
			const communities = await accounts.listCommunities();
			if (!communities.length) return output.out('no communities yet');
			for (const c of communities) {
				const count = (await accounts.membersOf(c.id)).length;
				output.out(`${c.id}\t${c.name}\t${count} member${count === 1 ? '' : 's'}`);
			}
			return;
		}
		case 'user add': {
			const [username] = exactly(rest, 1, 'user add');
			const password = required(values.password, 'password');
			const user = await accounts.createUser({ username, password, name: values.name });
			return output.out(`created user ${user.username} (${user.name})`);
		}
		case 'user set-password': {
			const [username] = exactly(rest, 1, 'user set-password');
			await accounts.setPassword(username, required(values.password, 'password'));
			return output.out(`password of ${username} changed`);
		}
		case 'user list': {
			const users = await accounts.listUsers();
			if (!users.length) return output.out('no users yet');
			for (const u of users) {
				const roles = (await accounts.membershipsOf(u.id)).map((m) => `${m.communityId}:${m.role}`);
				output.out(`${u.username}\t${u.name}\t${roles.join(' ') || '(no community)'}`);
			}
			return;
		}
		case 'grant': {
			const [username, communityId, role] = exactly(positionals.slice(1), 3, 'grant');
			await accounts.grant(username, communityId, role);
			return output.out(`${username} is now ${role} in ${communityId}`);
		}
		case 'revoke': {
			const [username, communityId] = exactly(positionals.slice(1), 2, 'revoke');
			await accounts.revoke(username, communityId);
			return output.out(`${username} is no longer a member of ${communityId}`);
		}
		case 'invite': {
			const [communityId, role] = exactly(positionals.slice(1), 2, 'invite');
			const days = values.days === undefined ? undefined : Number(values.days);
			const invitations = new Invitations(store, accounts);
			const { invitation, token } = await invitations.create({ communityId, role, name: values.name, expiresInDays: days, createdBy: null });
			const until = new Date(invitation.expiresAt).toISOString();
			output.out(`invitation to ${communityId} as ${role}, valid until ${until} (once):`);
			// The origin the server listens on; behind a proxy, people open the same path on its address.
			return output.out(`http://${config.host}:${config.port}${inviteUrl(token)}`);
		}
		default:
			throw new UsageError(command ? `unknown command: ${positionals.join(' ')}` : 'no command given');
	}
}

/** Runs one admin command; returns the process exit code. */
export async function runAdmin(argv: string[], env = process.env, output = consoleOutput): Promise<number> {
	if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
		output.out(USAGE);
		return argv.length === 0 ? 1 : 0;
	}
	let store: Store | undefined;
	try {
		const config = loadConfig(env);
		const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true });
		const [command, ...args] = positionals;
		if (DATA_COMMANDS.includes(command)) {
			await runDataCommand(command, args, values, config, output);
		} else {
			store = await openStore(config);
			await run(store, config, values, positionals, output);
		}
		return 0;
	} catch (error) {
		if (error instanceof UsageError) {
			output.err(`error: ${error.message} (npm run admin -- --help lists the commands)`);
		} else if (
			error instanceof AccountError ||
			error instanceof ConfigError ||
			error instanceof DataError ||
			error instanceof StoreError ||
			isParseArgsError(error)
		) {
			output.err(`error: ${(error as Error).message}`);
		} else {
			throw error;
		}
		return 1;
	} finally {
		await store?.close();
	}
}

function isParseArgsError(error: unknown): boolean {
	return String((error as { code?: unknown })?.code ?? '').startsWith('ERR_PARSE_ARGS');
}

/** True when run as `node --import tsx server/cli/admin.ts`, false when imported (tests). */
function isEntryPoint(): boolean {
	const script = process.argv[1];
	return !!script && fs.existsSync(script) && pathToFileURL(fs.realpathSync(script)).href === import.meta.url;
}

if (isEntryPoint()) {
	runAdmin(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(error) => {
			console.error(error);
			process.exitCode = 1;
		}
	);
}
