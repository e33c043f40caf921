import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SECRET_LENGTH } from '../accounts/tokens';
import { POSTGRES_MIGRATIONS } from './migrations';
import { historyPolicy, storeOver, type StoreOptions } from './store';
import type { Engine, SnapshotMeta, Tables, UnsealedRow } from './tables';
import type { AttachmentRow, CareOpenRow, CommunityRow, InvitationRow, LoggedUpdate, MemberRow, MembershipRow, Store, UserRow } from './types';

/** Ids and epoch milliseconds are BIGINT, far below 2^53: read them as numbers, not strings. */
const INT8 = 20;
const types = {
	getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
		oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
};

/** Serialises migrations of relays starting at once against one database. */
const MIGRATION_LOCK = 7_351_341;

const TOKEN_SECRET = 'token-secret';

const COMMUNITY = 'id, name, created_at AS "createdAt"';
const USER = 'id, username, name, password_hash AS "passwordHash", created_at AS "createdAt"';
const MEMBERSHIP = 'user_id AS "userId", community_id AS "communityId", role';
const ATTACHMENT_META =
	'community_id AS "communityId", id, content_type AS "contentType", size, created_by AS "createdBy", created_at AS "createdAt"';
const INVITATION = `id, community_id AS "communityId", role, name, token_hash AS "tokenHash",
	created_by AS "createdBy", created_at AS "createdAt", expires_at AS "expiresAt", used_at AS "usedAt",
	used_by AS "usedBy", revoked_at AS "revokedAt"`;
const CARE_OPEN = `id, community_id AS "communityId", grid_id AS grid, household_id AS household, user_id AS "userId",
	opened_at AS "openedAt", received_at AS "receivedAt"`;
const SNAPSHOT_META = 'id, checksum, through_update_id AS through, created_at AS "createdAt"';
/** Rows of documents named like private ones whose bytes do not begin as sealed ones do (sealing.ts). */
const UNSEALED = (column: string) =>
	`(name LIKE 'community:%:private' OR name LIKE 'community:%:private:grid:%') AND substring(${column} from 1 for 8) <> '\\xffffffffffffffff'::bytea`;

type Queryable = Pick<pg.PoolClient, 'query'>;

function postgresTables(client: Queryable): Tables {
	const rows = async <R>(text: string, values: unknown[] = []) =>
		(await client.query(text, values)).rows as R[];
	const first = async <R>(text: string, values: unknown[] = []) => (await rows<R>(text, values))[0] ?? null;
	const run = async (text: string, values: unknown[] = []) => void (await client.query(text, values));

	return {
		insertCommunity: ({ id, name, createdAt }) =>
			run('INSERT INTO communities (id, name, created_at) VALUES ($1, $2, $3)', [id, name, createdAt]),
		getCommunity: (id) => first<CommunityRow>(`SELECT ${COMMUNITY} FROM communities WHERE id = $1`, [id]),
		listCommunities: () => rows<CommunityRow>(`SELECT ${COMMUNITY} FROM communities ORDER BY id`),
		insertUser: (u) =>
			run('INSERT INTO users (id, username, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
				u.id,
				u.username,
				u.name,
				u.passwordHash,
				u.createdAt
			]),
		getUser: (id) => first<UserRow>(`SELECT ${USER} FROM users WHERE id = $1`, [id]),
		findUserByUsername: (username) => first<UserRow>(`SELECT ${USER} FROM users WHERE username = $1`, [username]),
		setPasswordHash: (userId, hash) => run('UPDATE users SET password_hash = $1 WHERE id = $2', [hash, userId]),
		listUsers: () => rows<UserRow>(`SELECT ${USER} FROM users ORDER BY username`),
		upsertMembership: ({ userId, communityId, role }) =>
			run(
				`INSERT INTO memberships (user_id, community_id, role) VALUES ($1, $2, $3)
				 ON CONFLICT (user_id, community_id) DO UPDATE SET role = excluded.role`,
				[userId, communityId, role]
			),
		getMembership: (userId, communityId) =>
			first<MembershipRow>(`SELECT ${MEMBERSHIP} FROM memberships WHERE user_id = $1 AND community_id = $2`, [
				userId,
				communityId
			]),
		membershipsOf: (userId) =>
			rows<MembershipRow>(`SELECT ${MEMBERSHIP} FROM memberships WHERE user_id = $1 ORDER BY community_id`, [userId]),
		deleteMembership: (userId, communityId) =>
			run('DELETE FROM memberships WHERE user_id = $1 AND community_id = $2', [userId, communityId]),
		membersOf: (communityId) =>
			rows<MemberRow>(
				`SELECT u.id AS "userId", u.username, u.name, m.role FROM memberships m
				 JOIN users u ON u.id = m.user_id WHERE m.community_id = $1 ORDER BY u.username`,
				[communityId]
			),
		insertInvitation: (r) =>
			run(
				`INSERT INTO invitations (id, community_id, role, name, token_hash, created_by, created_at, expires_at, used_at, used_by, revoked_at)
				 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				[r.id, r.communityId, r.role, r.name, r.tokenHash, r.createdBy, r.createdAt, r.expiresAt, r.usedAt, r.usedBy, r.revokedAt]
			),
		getInvitation: (id) => first<InvitationRow>(`SELECT ${INVITATION} FROM invitations WHERE id = $1`, [id]),
		findInvitationByTokenHash: (hash) =>
			first<InvitationRow>(`SELECT ${INVITATION} FROM invitations WHERE token_hash = $1`, [hash]),
		pendingInvitations: (communityId, now) =>
			rows<InvitationRow>(
				`SELECT ${INVITATION} FROM invitations WHERE community_id = $1 AND used_at IS NULL AND revoked_at IS NULL
				 AND expires_at > $2 ORDER BY created_at DESC, id`,
				[communityId, now]
			),
		// The row lock makes a racing second UPDATE wait, then find used_at set and change nothing.
		useInvitation: async (id, userId, at) =>
			(
				await client.query(
					'UPDATE invitations SET used_at = $1, used_by = $2 WHERE id = $3 AND used_at IS NULL AND revoked_at IS NULL',
					[at, userId, id]
				)
			).rowCount === 1,
		revokeInvitation: async (id, at) =>
			(
				await client.query(
					'UPDATE invitations SET revoked_at = $1 WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL',
					[at, id]
				)
			).rowCount === 1,

		snapshotsUpTo: (name, at) =>
			rows<SnapshotMeta>(
				`SELECT ${SNAPSHOT_META} FROM snapshots WHERE name = $1 AND created_at <= $2 ORDER BY id DESC`,
				[name, at]
			),
		snapshotState: async (id) => (await first<{ state: Buffer }>('SELECT state FROM snapshots WHERE id = $1', [id]))!.state,
		logAfter: (name, after, at) =>
			rows<LoggedUpdate>(
				`SELECT id, data FROM update_history WHERE name = $1 AND id > $2 AND received_at <= $3
				 UNION ALL
				 SELECT id, data FROM document_updates WHERE name = $1 AND id > $2 AND received_at <= $3
				 ORDER BY id`,
				[name, after, at]
			),
		async append(appends, receivedAt) {
			const names = appends.map((a) => a.name);
			// The document rows are locked in one order by every process, so appends cannot deadlock;
			// ids are drawn under the lock, so a document's ids grow in commit order.
			await run(
				`INSERT INTO documents (name) SELECT DISTINCT n FROM unnest($1::text[]) AS n ORDER BY n
				 ON CONFLICT (name) DO UPDATE SET appends = documents.appends + 1`,
				[names]
			);
			const ids = (
				await rows<{ id: number }>('SELECT nextval($1::regclass) AS id FROM generate_series(1, $2)', [
					'update_ids',
					appends.length
				])
			).map((r) => r.id);
			await run(
				`INSERT INTO document_updates (id, name, data, received_at, user_id, connection)
				 SELECT u.id, u.name, u.data, $4::BIGINT, u.user_id, u.connection
				 FROM unnest($1::BIGINT[], $2::text[], $3::bytea[], $5::text[], $6::text[]) AS u(id, name, data, user_id, connection)`,
				[
					ids,
					names,
					appends.map((a) => Buffer.from(a.update.buffer, a.update.byteOffset, a.update.byteLength)),
					receivedAt,
					appends.map((a) => a.userId ?? null),
					appends.map((a) => a.connection ?? null)
				]
			);
			return ids;
		},
		async insertSnapshot(name, state, checksum, through, createdAt) {
			await run('INSERT INTO documents (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
			const row = await first<{ id: number }>(
				`INSERT INTO snapshots (name, state, checksum, through_update_id, created_at)
				 VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				[name, Buffer.from(state), checksum, through, createdAt]
			);
			return row!.id;
		},
		async archiveLog(name, through) {
			await run(
				`WITH moved AS (DELETE FROM document_updates WHERE name = $1 AND id <= $2 RETURNING *)
				 INSERT INTO update_history (id, name, data, received_at, user_id, connection)
				 SELECT id, name, data, received_at, user_id, connection FROM moved`,
				[name, through]
			);
		},
		previousTwo: (name, id) =>
			rows<{ id: number; createdAt: number }>(
				'SELECT id, created_at AS "createdAt" FROM snapshots WHERE name = $1 AND id < $2 ORDER BY id DESC LIMIT 2',
				[name, id]
			),
		deleteSnapshot: (id) => run('DELETE FROM snapshots WHERE id = $1', [id]),
		pruneBases: (name, id, cutoff) =>
			rows<SnapshotMeta>(
				`SELECT ${SNAPSHOT_META} FROM snapshots WHERE name = $1 AND id < $2 AND created_at <= $3 ORDER BY id DESC`,
				[name, id, cutoff]
			),
		prunable: async (name, id, through) =>
			(
				await first<{ any: boolean }>(
					`SELECT EXISTS (SELECT 1 FROM snapshots WHERE name = $1 AND id < $2)
					     OR EXISTS (SELECT 1 FROM update_history WHERE name = $1 AND id <= $3) AS any`,
					[name, id, through]
				)
			)!.any,
		async pruneBelow(name, baseId, through) {
			await run('DELETE FROM snapshots WHERE name = $1 AND id < $2', [name, baseId]);
			await run('DELETE FROM update_history WHERE name = $1 AND id <= $2', [name, through]);
		},
		historyBegan: async () => (await first<{ at: number }>('SELECT at FROM history_began'))!.at,
		listDocuments: async (root) =>
			(
				await rows<{ name: string }>(
					// starts_with, not LIKE: `_` in a community id is a wildcard for LIKE.
					'SELECT name FROM documents WHERE name = $1 OR starts_with(name, $2) ORDER BY name COLLATE "C"',
					[root, `${root}:`]
				)
			).map((r) => r.name),

		insertAttachment: (a) =>
			run(
				`INSERT INTO attachments (community_id, id, content_type, size, data, created_by, created_at)
				 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (community_id, id) DO NOTHING`,
				[a.communityId, a.id, a.contentType, a.size, Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength), a.createdBy, a.createdAt]
			),
		attachmentMeta: (communityId, id) =>
			first<Omit<AttachmentRow, 'data'>>(`SELECT ${ATTACHMENT_META} FROM attachments WHERE community_id = $1 AND id = $2`, [
				communityId,
				id
			]),
		getAttachment: (communityId, id) =>
			first<AttachmentRow>(`SELECT ${ATTACHMENT_META}, data FROM attachments WHERE community_id = $1 AND id = $2`, [
				communityId,
				id
			]),
		insertCareOpens: (list) =>
			run(
				`INSERT INTO care_opens (community_id, grid_id, household_id, user_id, opened_at, received_at)
				 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])`,
				[
					list.map((r) => r.communityId),
					list.map((r) => r.grid),
					list.map((r) => r.household),
					list.map((r) => r.userId),
					list.map((r) => r.openedAt),
					list.map((r) => r.receivedAt)
				]
			),
		careOpens: (communityId, { grid, household, beforeId, limit }) =>
			rows<CareOpenRow>(
				`SELECT ${CARE_OPEN} FROM care_opens WHERE community_id = $1
				 AND ($2::text IS NULL OR grid_id = $2) AND ($3::text IS NULL OR household_id = $3)
				 AND ($4::bigint IS NULL OR id < $4) ORDER BY id DESC LIMIT $5`,
				[communityId, grid ?? null, household ?? null, beforeId ?? null, limit]
			),
		unsealedRows: () =>
			rows<UnsealedRow>(
				`SELECT 'snapshots' AS "table", id, name, state AS data, checksum FROM snapshots WHERE ${UNSEALED('state')}
				 UNION ALL SELECT 'document_updates', id, name, data, '' FROM document_updates WHERE ${UNSEALED('data')}
				 UNION ALL SELECT 'update_history', id, name, data, '' FROM update_history WHERE ${UNSEALED('data')}`
			),
		async rewriteRow(table, id, data, checksum) {
			const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
			if (table === 'snapshots') await run('UPDATE snapshots SET state = $1, checksum = $2 WHERE id = $3', [bytes, checksum, id]);
			else await run(`UPDATE ${table === 'document_updates' ? 'document_updates' : 'update_history'} SET data = $1 WHERE id = $2`, [bytes, id]);
		},
		attachmentUsage: async (communityId) =>
			(await first<{ total: number }>(
				// SUM of BIGINT is NUMERIC, which the driver reads as text.
				'SELECT COALESCE(SUM(size), 0)::BIGINT AS total FROM attachments WHERE community_id = $1',
				[communityId]
			))!.total
	};
}

async function migrate(pool: pg.Pool): Promise<void> {
	const client = await pool.connect();
	try {
		await client.query('BEGIN');
		await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
		await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
		const current = (await client.query('SELECT version FROM schema_version')).rows[0]?.version ?? 0;
		if (current > POSTGRES_MIGRATIONS.length) {
			throw new Error(
				`the database has schema version ${current}, newer than this server knows (${POSTGRES_MIGRATIONS.length}); upgrade the server`
			);
		}
		for (let version = current; version < POSTGRES_MIGRATIONS.length; version++) {
			await client.query(POSTGRES_MIGRATIONS[version]);
		}
		await client.query('DELETE FROM schema_version');
		await client.query('INSERT INTO schema_version (version) VALUES ($1)', [POSTGRES_MIGRATIONS.length]);
		await client.query('COMMIT');
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	} finally {
		client.release();
	}
}

function postgresEngine(pool: pg.Pool): Engine {
	return {
		name: 'postgres',
		async tokenSecret() {
			// The first process to start makes it; the rest, at once or later, read that one.
			await pool.query('INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
				TOKEN_SECRET,
				randomBytes(SECRET_LENGTH)
			]);
			const { rows } = await pool.query('SELECT value FROM secrets WHERE name = $1', [TOKEN_SECRET]);
			return new Uint8Array(rows[0].value);
		},
		async atomically(mode, work) {
			const client = await pool.connect();
			try {
				// A read sees one consistent state: the snapshot and the log after it from the same moment.
				await client.query(mode === 'read' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
				const result = await work(postgresTables(client));
				await client.query('COMMIT');
				return result;
			} catch (error) {
				await client.query('ROLLBACK').catch(() => undefined);
				throw error;
			} finally {
				client.release();
			}
		},
		close: () => pool.end()
	};
}

export interface PostgresStoreOptions extends StoreOptions {
	/** Connections kept open to the database. */
	poolSize?: number;
}

/** Opens the store in the database at `url` (postgres://…), creating or upgrading its tables. */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
	const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10, types });
	let closed = false;
	// An idle connection the server drops must not end the process.
	pool.on('error', (error) => {
		if (!closed) (options.warn ?? console.warn)(`database connection lost: ${error.message}`);
	});
	try {
		await migrate(pool);
	} catch (error) {
		await pool.end();
		throw error;
	}
	const engine = postgresEngine(pool);
	return storeOver(
		{
			...engine,
			close: () => {
				closed = true;
				return engine.close();
			}
		},
		historyPolicy(options)
	);
}
