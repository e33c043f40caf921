import * as Y from 'yjs';
import {
	careDocName,
	meetingDocName,
	newDocument,
	pairingDocName,
	periodDocName,
	privateDocName,
	rootDocName
} from './documents';
import { ModelError } from './errors';
import { newId } from './ids';
import type { WriteContext } from './records';
import { PERIOD_PATTERN, periodOf, recentPeriods } from './time';

/**
 * Where a community's documents come from: IndexedDB + the relay in the browser, the store on
 * the server, plain memory in tests. `open` returns the same Y.Doc for the same name until it
 * is released, loaded with everything known locally.
 */
export interface DocumentSource {
	open(name: string): Promise<Y.Doc>;
	/** Names of the documents of this community the source knows of (all periods, meetings…). */
	list?(communityId: string): Promise<string[]>;
	/** Lets go of what this source opened for a caller that is done with the community. */
	release?(): void;
}

/** Documents kept in memory: tests, seeds, the CLI. */
export class MemoryDocumentSource implements DocumentSource {
	readonly docs = new Map<string, Y.Doc>();

	async open(name: string): Promise<Y.Doc> {
		let doc = this.docs.get(name);
		if (!doc) {
			doc = newDocument(name);
			this.docs.set(name, doc);
		}
		return doc;
	}

	async list(communityId: string): Promise<string[]> {
		const root = rootDocName(communityId);
		return [...this.docs.keys()].filter((name) => name === root || name.startsWith(`${root}:`));
	}
}

/**
 * Ids of records in period documents start with their period (`2026-11-…`): any reference to a
 * case, activity or log entry says which document holds it, and records never move.
 */
export function newPeriodRecordId(at: number): string {
	return `${periodOf(at)}-${newId()}`;
}

export function periodOfRecordId(id: string): string {
	const period = id.slice(0, 7);
	if (!PERIOD_PATTERN.test(period) || id[7] !== '-') {
		throw new ModelError('invalid', `${id} is not the id of a record kept by month`, 'id');
	}
	return period;
}

export interface Actor {
	userId: string;
	/** The writer's clock; injectable so tests and seeds write chosen times. */
	now?: () => number;
}

/**
 * One community's workspace over its family of documents. Documents open lazily through the
 * source; callers ask for records, and the community finds the document that holds them.
 */
export class Community {
	constructor(
		readonly id: string,
		private readonly source: DocumentSource,
		private readonly actor: Actor
	) {
		rootDocName(id);
	}

	now(): number {
		return this.actor.now ? this.actor.now() : Date.now();
	}

	/** Who writes and when, stamped on every change made through this community. */
	context(): WriteContext {
		return { by: this.actor.userId, at: this.now() };
	}

	root(): Promise<Y.Doc> {
		return this.source.open(rootDocName(this.id));
	}

	period(period: string): Promise<Y.Doc> {
		return this.source.open(periodDocName(this.id, period));
	}

	/** The period document holding a record kept by month, from the record's id. */
	periodOfRecord(recordId: string): Promise<Y.Doc> {
		return this.period(periodOfRecordId(recordId));
	}

	meeting(meetingId: string): Promise<Y.Doc> {
		return this.source.open(meetingDocName(this.id, meetingId));
	}

	pairing(pairingId: string): Promise<Y.Doc> {
		return this.source.open(pairingDocName(this.id, pairingId));
	}

	/** The community's private document: who is on the care team (the secretary's). */
	private(): Promise<Y.Doc> {
		return this.source.open(privateDocName(this.id));
	}

	/** A grid's care records (households, health files, visits, family sickbeds). */
	care(gridId: string): Promise<Y.Doc> {
		return this.source.open(careDocName(this.id, gridId));
	}

	/** What a client opens by default: the root and the current and previous two months. */
	workingSet(): string[] {
		return [rootDocName(this.id), ...recentPeriods(this.now()).map((p) => periodDocName(this.id, p))];
	}

	/** Done with the community: documents the source opened only for it may be unloaded. */
	close(): void {
		this.source.release?.();
	}

	/** Every document of the family the source knows of, root first. */
	async documents(): Promise<string[]> {
		const known = (await this.source.list?.(this.id)) ?? this.workingSet();
		const root = rootDocName(this.id);
		return [root, ...known.filter((name) => name !== root).sort()];
	}
}
