import { z } from 'zod';
import { ID_PATTERN } from './ids';
import { ModelError } from './errors';

/** Bounds shared by the model, the relay and the API; documented in docs/model.md. */
export const LIMITS = {
	name: 80,
	boundary: 500,
	households: 20000,
	buildings: 1000,
	workersPerGrid: 20,
	address: 200
} as const;

const trimmed = (max: number) => z.string().trim().max(max);

/** Longest phone number stored, with its spaces and dashes. */
export const PHONE_MAX = 20;
export const PHONE_PATTERN = /^\+?[0-9][0-9 -]{4,19}$/;
/** A phone number (digits, spaces, dashes, a leading +), or '' when none is known. */
export const phoneNumber = z
	.string()
	.trim()
	.max(PHONE_MAX)
	.refine((value) => value === '' || PHONE_PATTERN.test(value), 'is not a phone number');

export const recordId = z.string().regex(ID_PATTERN, 'must be lowercase letters, digits, - or _');

export const gridFields = z.object({
	name: trimmed(LIMITS.name).min(1, 'must not be empty'),
	households: z.number().int('must be a whole number').min(0, 'must not be negative').max(LIMITS.households),
	boundary: trimmed(LIMITS.boundary),
	station: z.string().max(64),
	buildings: z.number().int('must be a whole number').min(0, 'must not be negative').max(LIMITS.buildings),
	specialNeedsHouseholds: z
		.number()
		.int('must be a whole number')
		.min(0, 'must not be negative')
		.max(LIMITS.households)
});
export type GridFields = z.infer<typeof gridFields>;

export const newGridInput = gridFields
	.partial({ boundary: true, station: true, buildings: true, specialNeedsHouseholds: true })
	.extend({
		id: recordId.optional(),
		workers: z.array(z.string().min(1).max(64)).max(LIMITS.workersPerGrid).optional()
	});
export type NewGridInput = z.input<typeof newGridInput>;

export const gridPatch = gridFields.partial();
export type GridPatch = z.input<typeof gridPatch>;

/** The four functions of a 党群服务站, as the district names them. */
export const STATION_FUNCTIONS = ['党群活动', '议事协商', '便民服务', '矛盾调解'] as const;

export const stationFields = z.object({
	name: trimmed(LIMITS.name).min(1, 'must not be empty'),
	address: trimmed(LIMITS.address),
	openingHours: trimmed(LIMITS.name)
});
export type StationFields = z.infer<typeof stationFields>;

export const newStationInput = stationFields.partial({ address: true, openingHours: true }).extend({
	id: recordId.optional(),
	functions: z.array(z.string().trim().pipe(z.enum(STATION_FUNCTIONS))).max(STATION_FUNCTIONS.length).optional(),
	grids: z.array(recordId).max(100).optional()
});
export type NewStationInput = z.input<typeof newStationInput>;

export const stationPatch = stationFields.partial();
export type StationPatch = z.input<typeof stationPatch>;

export const metaInput = z.object({
	id: recordId,
	name: trimmed(LIMITS.name).min(1, 'must not be empty'),
	district: trimmed(LIMITS.name).optional()
});
export type MetaInput = z.input<typeof metaInput>;

/** Parses with a zod schema and turns the first problem into a ModelError naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const issue = result.error.issues[0];
	// An unknown key is reported on the object holding it; name the key itself instead.
	const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
	const field = path.length ? path.join('.') : undefined;
	throw new ModelError('invalid', `${what}${field ? ` ${field}` : ''}: ${issue.message}`, field);
}
