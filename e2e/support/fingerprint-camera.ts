/**
 * A fake camera that shows a fingerprint QR code (for "Scan a fingerprint"): the code is drawn with uqr, the library
 * the app draws its own QR code with (src/ui/QrCode.tsx: same text format, same error correction), into the luma plane
 * of a Y4M file that Chromium plays as its camera (`--use-file-for-fake-video-capture=<file>.y4m`, 4:2:0). No ffmpeg:
 * the header and planes are written here (the YUV4MPEG2 format: a header line, then `FRAME` and the Y, U, V planes).
 */
import { writeFileSync } from 'node:fs';
import { encode } from 'uqr';

export interface LumaImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black to 255 white. */
  luma: Uint8Array;
}

/** `text` as a QR code, black on white, centred in a `width` x `height` picture, each module `scale` pixels. */
export function qrLuma(text: string, width = 640, height = 480, scale = 8): LumaImage {
  const { data, size } = encode(text, { ecc: 'M', border: 4 });
  const luma = new Uint8Array(width * height).fill(255);
  const side = size * scale;
  if (side > width || side > height) throw new RangeError(`a ${size}-module code at ${scale} px does not fit ${width}x${height}`);
  const left = Math.floor((width - side) / 2);
  const top = Math.floor((height - side) / 2);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      if (data[Math.floor(y / scale)]![Math.floor(x / scale)]) luma[(top + y) * width + left + x] = 0;
    }
  }
  return { width, height, luma };
}

/** RGBA pixels of a luma picture, as a canvas's ImageData holds them. */
export function rgbaOf({ width, height, luma }: LumaImage): { data: Uint8ClampedArray; width: number; height: number } {
  const data = new Uint8ClampedArray(width * height * 4);
  luma.forEach((v, i) => data.set([v, v, v, 255], i * 4));
  return { data, width, height };
}

/** A Y4M (4:2:0, grey: U and V at 128) of `frames` copies of the picture. */
export function y4mOf({ width, height, luma }: LumaImage, frames = 3): Uint8Array {
  if (width % 2 || height % 2) throw new RangeError('4:2:0 needs an even width and height');
  const header = new TextEncoder().encode(`YUV4MPEG2 W${width} H${height} F30:1 Ip A1:1 C420jpeg\n`);
  const frameTag = new TextEncoder().encode('FRAME\n');
  const chroma = new Uint8Array((width / 2) * (height / 2) * 2).fill(128);
  const frameSize = frameTag.length + luma.length + chroma.length;
  const out = new Uint8Array(header.length + frames * frameSize);
  out.set(header);
  for (let i = 0; i < frames; i++) {
    const at = header.length + i * frameSize;
    out.set(frameTag, at);
    out.set(luma, at + frameTag.length);
    out.set(chroma, at + frameTag.length + luma.length);
  }
  return out;
}

/** Writes a Y4M camera showing `text` as a QR code to `path`. */
export function writeQrCamera(path: string, text: string): string {
  writeFileSync(path, y4mOf(qrLuma(text)));
  return path;
}
