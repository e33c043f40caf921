/** A safe file name from a title and a date: no path separators or reserved characters. */
export function exportFileName(title: string, date: string, extension: string): string {
	const base = `${title} ${date}`.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim();
	return `${base.slice(0, 120) || 'export'}.${extension}`;
}

/** Hands the browser a file to save, as a click on a download link would. */
export function download(blob: Blob, name: string): void {
	const link = document.createElement('a');
	link.href = URL.createObjectURL(blob);
	link.download = name;
	document.body.append(link);
	link.click();
	link.remove();
	// Revoked later: some browsers read the URL after the click has returned.
	setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
