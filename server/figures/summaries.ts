import {
	addOpenCounts,
	listCommitments,
	pairingDocName,
	parseDocName,
	rootDocName,
	summarisePairing,
	summarisePeriod,
	summariseRoot,
	type CommunityParts,
	type DocumentKind,
	type PairingSummary,
	type PeriodSummary,
	type RootSummary
} from '../../src/lib/model';
import { docOf } from '../store/documents';
import type { Store } from '../store/types';

/** The kinds of document a community's figures are summed up from. */
export type SummaryKind = Extract<DocumentKind, 'root' | 'period' | 'pairing'>;

interface Entry {
	value: RootSummary | PeriodSummary | PairingSummary;
	/** Every logged update of the document with an id up to this one is in the summary. */
	through: number;
	/** When the summary goes stale by the clock alone (a deadline falls due), null: never. */
	validUntil: number | null;
}

export interface SummariesOptions {
	now?: () => number;
	/**
	 * How often the store's log is checked for updates this process was not told of (another
	 * relay process, the admin CLI's imports and restores); 0 checks before every answer.
	 */
	verifyEveryMs?: number;
	/** Told of each summary computed: what a metric counts. */
	onComputed?: (kind: SummaryKind, documentName: string) => void;
}

/** Meetings and the private document hold no figures: what happens to them is ignored. */
const SUMMARISED = new Set<string>(['root', 'period', 'pairing'] satisfies SummaryKind[]);

/**
 * Each document's summary (root, month, agreement), kept and recomputed only when the document
 * changed or a deadline in it fell due: the district's figures follow every update without
 * re-reading every community. The relay says which document took which logged update
 * (`noteLogged`); a summary older than the newest update of its document is recomputed from
 * the store at the next read. A month whose deadlines are all decided is summed up once and
 * kept until it changes. What other processes log is found by checking the log now and then.
 */
export class CommunitySummaries {
	private readonly entries = new Map<string, Entry>();
	private readonly running = new Map<string, Promise<Entry>>();
	/** The newest logged update id this process knows of, per document. */
	private readonly latest = new Map<string, number>();
	/** The documents of each community's family, as the store last listed them. */
	private readonly families = new Map<string, string[]>();
	private lastVerified = Number.NEGATIVE_INFINITY;
	/** How many times each document was summed up: what a test measures. */
	readonly computed = new Map<string, number>();
	private readonly now: () => number;
	private readonly verifyEveryMs: number;

	constructor(
		private readonly store: Store,
		private readonly options: SummariesOptions = {}
	) {
		this.now = options.now ?? Date.now;
		this.verifyEveryMs = options.verifyEveryMs ?? 60_000;
	}

	/** A document has taken in the logged update `updateId`. */
	noteLogged(documentName: string, updateId: number): void {
		const ref = parseDocName(documentName);
		if (!ref || !SUMMARISED.has(ref.kind)) return;
		if (updateId > (this.latest.get(documentName) ?? 0)) this.latest.set(documentName, updateId);
		// A month written for the first time is a new member of the family.
		if (!this.families.get(ref.communityId)?.includes(documentName)) this.families.delete(ref.communityId);
	}

	/** The community's parts, from every month it has, as of `now`. */
	async parts(communityId: string): Promise<CommunityParts> {
		await this.verify();
		const now = this.now();
		const root = (await this.summary(rootDocName(communityId), 'root', now)) as RootSummary;
		const family = await this.family(communityId);
		const months = family.filter((name) => parseDocName(name)?.kind === 'period');
		const [periods, pairings] = await Promise.all([
			Promise.all(months.map((name) => this.summary(name, 'period', now) as Promise<PeriodSummary>)),
			Promise.all(root.pairings.map((id) => this.summary(pairingDocName(communityId, id), 'pairing', now) as Promise<PairingSummary>))
		]);
		return { root, periods, open: addOpenCounts(...periods.map((p) => p.open)), pairings };
	}

	private async family(communityId: string): Promise<string[]> {
		const known = this.families.get(communityId);
		if (known) return known;
		const names = await this.store.listDocuments(communityId);
		this.families.set(communityId, names);
		return names;
	}

	private async summary(name: string, kind: SummaryKind, now: number): Promise<Entry['value']> {
		const entry = this.entries.get(name);
		const stale =
			!entry ||
			(this.latest.get(name) ?? 0) > entry.through ||
			(entry.validUntil !== null && now >= entry.validUntil);
		if (!stale) return entry.value;
		let run = this.running.get(name);
		if (!run) {
			run = this.compute(name, kind, now).finally(() => this.running.delete(name));
			this.running.set(name, run);
		}
		return (await run).value;
	}

	private async compute(name: string, kind: SummaryKind, now: number): Promise<Entry> {
		const stored = await this.store.loadDocument(name);
		const doc = docOf(name, stored);
		try {
			const value =
				kind === 'root'
					? summariseRoot(doc)
					: kind === 'period'
						? summarisePeriod(parseDocName(name)!.key, doc, now)
						: summarisePairing(listCommitments(doc), now);
			const entry: Entry = { value, through: stored.throughUpdateId, validUntil: 'validUntil' in value ? value.validUntil : null };
			this.entries.set(name, entry);
			this.computed.set(name, (this.computed.get(name) ?? 0) + 1);
			this.options.onComputed?.(kind, name);
			return entry;
		} finally {
			doc.destroy();
		}
	}

	/** Now and then, what other processes logged: the summaries they outdated, the months they added. */
	private async verify(): Promise<void> {
		const now = this.now();
		if (now - this.lastVerified < this.verifyEveryMs) return;
		this.lastVerified = now;
		this.families.clear();
		await Promise.all(
			[...this.entries].map(async ([name, entry]) => {
				const newer = await this.store.updatesAfter(name, entry.through);
				if (newer.length) this.noteLogged(name, newer[newer.length - 1].id);
			})
		);
	}
}
