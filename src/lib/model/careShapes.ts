import { z } from 'zod';
import { phoneNumber, recordId } from './schema';

/**
 * What the care records of a grid (`community:<id>:private:grid:<gridId>`) accept, shared by the
 * model's mutators and, for types and sizes, the relay's storage contract (docs/model.md,
 * "Care records"). Messages name the problem, never the value: they reach logs and the relay's
 * refusals, and the values are residents' personal data.
 */

/** Circumstances that make a household one the grid visits on a plan (特殊需求家庭). */
export const SPECIAL_NEEDS = ['livingAlone', 'disabled', 'lowIncome', 'chronicIllness', 'leftBehindChildren'] as const;
export type SpecialNeed = (typeof SPECIAL_NEEDS)[number];

/** Age bands as registered (no birth dates are kept); the last two are the residents over 65. */
export const AGE_BANDS = ['0-17', '18-59', '60-64', '65-79', '80+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const ELDERLY_BANDS: readonly AgeBand[] = ['65-79', '80+'];

/**
 * How a visit was made: at the door (入户走访), by telephone (电话问候), or a family-sickbed visit
 * (家庭病床) by the care team.
 */
export const VISIT_KINDS = ['home', 'phone', 'sickbed'] as const;
export type VisitKind = (typeof VISIT_KINDS)[number];

export const CARE_LIMITS = {
	building: 20,
	unit: 20,
	door: 20,
	note: 500,
	name: 40,
	relation: 20,
	memberNote: 200,
	text: 500,
	doctor: 80,
	duty: 80,
	visitEveryDays: 365,
	membersPerHousehold: 30,
	userId: 64
} as const;

const trimmed = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);
const required = (max: number) => trimmed(max).min(1, 'must not be empty');
const epochMs = z.number().int('must be a whole number').min(0, 'must not be negative');
const userRef = z.string().min(1, 'must not be empty').max(CARE_LIMITS.userId);

const flagFields = Object.fromEntries(SPECIAL_NEEDS.map((flag) => [flag, z.boolean()])) as Record<SpecialNeed, z.ZodBoolean>;

const householdFields = z.object({
	building: required(CARE_LIMITS.building),
	unit: trimmed(CARE_LIMITS.unit),
	door: required(CARE_LIMITS.door),
	phone: phoneNumber,
	note: trimmed(CARE_LIMITS.note),
	...flagFields,
	/** Days between planned visits; 0: no plan. */
	visitEveryDays: z
		.number()
		.int('must be a whole number')
		.min(0, 'must not be negative')
		.max(CARE_LIMITS.visitEveryDays, `must be at most ${CARE_LIMITS.visitEveryDays}`),
	/** The grid worker who answers for the visits; '' for every worker of the grid. */
	worker: z.union([z.literal(''), userRef])
});

const memberFields = z.object({
	name: required(CARE_LIMITS.name),
	ageBand: z.enum(AGE_BANDS, { error: `must be one of ${AGE_BANDS.join(', ')}` }),
	relation: trimmed(CARE_LIMITS.relation),
	phone: phoneNumber,
	note: trimmed(CARE_LIMITS.memberNote)
});
export const newMemberInput = memberFields.partial({ relation: true, phone: true, note: true }).strict();
export type NewMemberInput = z.input<typeof newMemberInput>;
export const memberPatch = memberFields.partial().strict();
export type MemberPatch = z.input<typeof memberPatch>;

export const newHouseholdInput = householdFields
	.partial()
	.required({ building: true, door: true })
	.extend({ members: z.array(newMemberInput).max(CARE_LIMITS.membersPerHousehold, 'too many members').optional() })
	.strict();
export type NewHouseholdInput = z.input<typeof newHouseholdInput>;
export const householdPatch = householdFields.partial().strict();
export type HouseholdPatch = z.input<typeof householdPatch>;

const healthFileFields = z.object({
	conditions: trimmed(CARE_LIMITS.text),
	medication: trimmed(CARE_LIMITS.text),
	/** The doctor or team the resident is signed to (签约医生/团队). */
	doctor: trimmed(CARE_LIMITS.doctor),
	emergencyName: trimmed(CARE_LIMITS.name),
	emergencyRelation: trimmed(CARE_LIMITS.relation),
	emergencyPhone: phoneNumber
});
export const newHealthFileInput = healthFileFields
	.partial()
	.extend({ household: recordId, member: recordId })
	.strict();
export type NewHealthFileInput = z.input<typeof newHealthFileInput>;
export const healthFilePatch = healthFileFields.partial().strict();
export type HealthFilePatch = z.input<typeof healthFilePatch>;

export const newVisitInput = z
	.object({
		household: recordId,
		kind: z.enum(VISIT_KINDS, { error: `must be one of ${VISIT_KINDS.join(', ')}` }),
		at: epochMs,
		/** What was done (走访内容). */
		done: required(CARE_LIMITS.text),
		/** What needs following up; '' when nothing does. */
		followUp: trimmed(CARE_LIMITS.text).optional(),
		/** The resident seen, for a sickbed visit. */
		member: recordId.optional(),
		/** The family-sickbed request this visit serves. */
		request: recordId.optional()
	})
	.strict()
	.refine((v) => v.kind !== 'sickbed' || v.request !== undefined, {
		message: 'a sickbed visit names its request',
		path: ['request']
	});
export type NewVisitInput = z.input<typeof newVisitInput>;

const sickbedFields = z.object({
	reason: required(CARE_LIMITS.text),
	/** The care team or doctor taking it on. */
	team: trimmed(CARE_LIMITS.doctor),
	/** When the service ended (撤床); 0 while it runs. */
	closedAt: epochMs,
	closeNote: trimmed(CARE_LIMITS.text)
});
export const newSickbedInput = sickbedFields
	.pick({ reason: true, team: true })
	.partial({ team: true })
	.extend({ household: recordId, member: recordId, requestedAt: epochMs })
	.strict();
export type NewSickbedInput = z.input<typeof newSickbedInput>;
export const sickbedPatch = sickbedFields.partial().strict();
export type SickbedPatch = z.input<typeof sickbedPatch>;

export const careGrantInput = z
	.object({
		userId: userRef,
		grid: recordId,
		/** What the member does on the team (社区卫生服务站医生, 护士, 党员志愿者…). */
		duty: trimmed(CARE_LIMITS.duty).optional()
	})
	.strict();
export type CareGrantInput = z.input<typeof careGrantInput>;
