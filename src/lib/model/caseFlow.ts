import type { Case, CaseStep } from './cases';
import type { CaseStatus } from './clock1341';
import { isManager } from './roles';

/**
 * The process a case follows (网格吹哨 → 部门到场 → 办结/出方案 → 核实 → 结案), as the app offers
 * it: which steps come next from each derived status, and who takes them. The model accepts
 * steps out of order (another replica may already have taken the missing one) and flags them;
 * this is what the app puts in front of people so they never take one by mistake.
 */

type Taker = 'gridworker' | 'liaison';
const G: Taker = 'gridworker';
const L: Taker = 'liaison';
const BOTH = [G, L];

const waitingForDispatch: [CaseStep, Taker[]][] = [
	['dispatched', [G]],
	['commented', BOTH]
];
/** After the department's answer, the grid checks it: a bad resolution or a recurrence goes back. */
const checkedByGrid = (next: CaseStep): [CaseStep, Taker[]][] => [
	[next, [G]],
	['returned', [G]],
	['commented', BOTH]
];

/**
 * The grid worker on the spot may also record what the department did (its resolution, plan or
 * extension) on its behalf: not every department's people use the app.
 */
const FLOW: Record<CaseStatus, [CaseStep, Taker[]][]> = {
	reported: waitingForDispatch,
	returned: waitingForDispatch,
	// Before acceptance the grid may call another department instead; the department may send
	// the case back ("not ours") or ask for more time.
	dispatched: [
		['accepted', [L]],
		['on-site', BOTH],
		['dispatched', [G]],
		['returned', [L]],
		['extended', BOTH],
		['commented', BOTH]
	],
	// Once accepted, only the department hands it over to another.
	accepted: [
		['on-site', BOTH],
		['dispatched', [L]],
		['returned', [L]],
		['extended', BOTH],
		['commented', BOTH]
	],
	'on-site': [
		['resolved', BOTH],
		['planned', BOTH],
		['returned', [L]],
		['extended', BOTH],
		['commented', BOTH]
	],
	resolved: checkedByGrid('verified'),
	planned: checkedByGrid('verified'),
	verified: checkedByGrid('closed'),
	closed: [
		['returned', [G]],
		['commented', BOTH]
	]
};

/** Who is asking: the role in this community, the grids they work and the departments they answer for. */
export interface CaseActor {
	role: string;
	grids: readonly string[];
	departments: readonly string[];
}

/**
 * The steps `actor` is offered on `c` now, in the order to show them. A grid worker acts on
 * the cases of its grids, a liaison on the cases with its department; a major case is
 * planned, the others resolved; an archived case takes no step.
 */
export function nextSteps(c: Case, actor: CaseActor): CaseStep[] {
	if (c.archived) return [];
	// Managers (secretary, district admin) may take every step the flow allows.
	const manager = isManager(actor.role);
	const as: Taker[] = [];
	if (actor.role === 'gridworker' && actor.grids.includes(c.grid)) as.push(G);
	if (actor.role === 'liaison' && c.department !== '' && actor.departments.includes(c.department)) as.push(L);
	return FLOW[c.status]
		.filter(([step]) => (step === 'planned' ? c.level === 'major' : step === 'resolved' ? c.level !== 'major' : true))
		.filter(([, takers]) => manager || takers.some((taker) => as.includes(taker)))
		.map(([step]) => step);
}

/**
 * Whether `actor` may correct the case's text (title, location, description): the managers, and
 * the grid workers of its grid, as the relay's scopes allow (docs/access.md); not once archived.
 */
export function mayCorrectCase(c: Case, actor: CaseActor): boolean {
	return !c.archived && (isManager(actor.role) || (actor.role === 'gridworker' && actor.grids.includes(c.grid)));
}

/**
 * The anomalies of a case by the event they concern (`event <id>: <text>`, see `deriveCase`),
 * so a timeline can flag the very step that arrived out of order from another replica.
 */
export function flagsByEvent(anomalies: readonly string[]): Map<string, string[]> {
	const flags = new Map<string, string[]>();
	for (const anomaly of anomalies) {
		const match = /^event (\S+): (.*)$/.exec(anomaly);
		if (!match) continue;
		flags.set(match[1], [...(flags.get(match[1]) ?? []), match[2]]);
	}
	return flags;
}
