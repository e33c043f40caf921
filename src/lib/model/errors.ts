/**
 * The one error type the model throws. `code` and `field` let the UI pick a translated
 * message; `message` is plain English for logs, the CLI and API responses.
 */
export type ModelErrorCode = 'invalid' | 'not-found' | 'not-initialised';

export class ModelError extends Error {
	readonly code: ModelErrorCode;
	readonly field: string | undefined;

	constructor(code: ModelErrorCode, message: string, field?: string) {
		super(message);
		this.name = 'ModelError';
		this.code = code;
		this.field = field;
	}
}
