// Reading a QR code from a picture (a photo of a label, or a frame of the camera's live video):
// the browser's BarcodeDetector when it has one, else jsQR on the pixels of a canvas.
import jsQR from 'jsqr'

/** The part of the Barcode Detection API used here (not in TypeScript's DOM library yet). */
interface BarcodeDetectorLike {
  detect(source: CanvasImageSource): Promise<{ rawValue: string }[]>
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike
  getSupportedFormats?: () => Promise<string[]>
}

/** A QR detector of the browser's own, or null when it has none (Firefox, Safari before 17). */
export async function nativeQrDetector(): Promise<BarcodeDetectorLike | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  if (!Detector) return null
  try {
    const formats = (await Detector.getSupportedFormats?.()) ?? ['qr_code']
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null
  } catch {
    return null
  }
}

/** Longest side a picture is scaled to before decoding: phone photos are 12 MP and more. */
const MAX_SIDE = 1600

/** The QR's text in the pixels of `source` (width × height) drawn on a canvas; null when none. */
export function decodeQrPixels(source: CanvasImageSource, width: number, height: number, maxSide = MAX_SIDE): string | null {
  const scale = Math.min(1, maxSide / Math.max(width, height))
  const w = Math.max(1, Math.round(width * scale))
  const h = Math.max(1, Math.round(height * scale))
  const canvas = document.createElement('canvas')
  canvas.width = w
  canvas.height = h
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context) return null
  context.drawImage(source, 0, 0, w, h)
  const pixels = context.getImageData(0, 0, w, h)
  return jsQR(pixels.data, w, h, { inversionAttempts: 'attemptBoth' })?.data ?? null
}

async function loadImage(file: Blob): Promise<{ image: CanvasImageSource; width: number; height: number; close: () => void }> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file)
      return { image: bitmap, width: bitmap.width, height: bitmap.height, close: () => bitmap.close() }
    } catch {
      // Some browsers cannot make a bitmap of every image type: an <img> below.
    }
  }
  const url = URL.createObjectURL(file)
  try {
    const img = new Image()
    img.src = url
    await img.decode()
    return { image: img, width: img.naturalWidth, height: img.naturalHeight, close: () => undefined }
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** The text of the QR code in a picture file; null when none is found. */
export async function decodeQrFile(file: Blob): Promise<string | null> {
  const { image, width, height, close } = await loadImage(file)
  try {
    const detector = await nativeQrDetector()
    if (detector) {
      const found = await detector.detect(image).catch(() => [])
      if (found.length > 0) return found[0].rawValue
    }
    // A small QR in a large photo is often read better at another scale.
    return decodeQrPixels(image, width, height) ?? decodeQrPixels(image, width, height, 800)
  } finally {
    close()
  }
}
