/** The long side of a stored photo: enough to read a sign or a crack on a phone, a few hundred KB. */
export const PHOTO_MAX_SIDE = 1600;
const JPEG_QUALITY = 0.8;

/** The size to draw a `width` × `height` image at so its long side is at most `maxSide`; never enlarged. */
export function fitWithin(width: number, height: number, maxSide = PHOTO_MAX_SIDE): { width: number; height: number } {
	if (!(width > 0 && height > 0)) throw new Error(`not an image size: ${width} × ${height}`);
	const scale = Math.min(1, maxSide / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface PreparedPhoto {
	bytes: Uint8Array;
	type: 'image/jpeg';
}

/**
 * A chosen photo made small enough to keep offline and upload on a weak connection: decoded
 * (turned upright by its EXIF orientation), scaled to `fitWithin`, re-encoded as JPEG — which
 * also drops the camera's metadata, the location included.
 */
export async function preparePhoto(file: Blob): Promise<PreparedPhoto> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	try {
		const { width, height } = fitWithin(bitmap.width, bitmap.height);
		const canvas = new OffscreenCanvas(width, height);
		const context = canvas.getContext('2d');
		if (!context) throw new Error('no 2D canvas in this browser');
		// JPEG has no transparency: a transparent PNG would turn black.
		context.fillStyle = '#fff';
		context.fillRect(0, 0, width, height);
		context.drawImage(bitmap, 0, 0, width, height);
		const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: JPEG_QUALITY });
		return { bytes: new Uint8Array(await blob.arrayBuffer()), type: 'image/jpeg' };
	} finally {
		bitmap.close();
	}
}
