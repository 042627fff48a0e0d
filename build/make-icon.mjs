// Draws the app icon, build/icon.png (512x512 RGBA), with Node built-ins only:
// a rounded teal square holding a white "C" ring and a dot, anti-aliased by supersampling.
// electron-builder derives the .icns / .ico / Linux icon set from it.
// Run: node build/make-icon.mjs
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { stdout } from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // per axis: 16 samples per pixel
const CORNER = 104;
const BACKGROUND = [0x2e, 0x6b, 0x62];
const FOREGROUND = [0xff, 0xff, 0xff];
const RING = { outer: 160, inner: 104, gapDegrees: 42 };
const DOT = { x: 256, y: 256, r: 36 };

const inRoundedSquare = (x, y) => {
  const dx = Math.max(CORNER - x, 0, x - (SIZE - CORNER));
  const dy = Math.max(CORNER - y, 0, y - (SIZE - CORNER));
  return dx * dx + dy * dy <= CORNER * CORNER;
};

const inRing = (x, y) => {
  const dx = x - SIZE / 2;
  const dy = y - SIZE / 2;
  const r = Math.hypot(dx, dy);
  if (r < RING.inner || r > RING.outer) return false;
  const angle = (Math.atan2(dy, dx) * 180) / Math.PI; // 0° points right: the opening of the C
  return Math.abs(angle) > RING.gapDegrees;
};

const inDot = (x, y) => Math.hypot(x - DOT.x, y - DOT.y) <= DOT.r;

function render() {
  const rows = Buffer.alloc(SIZE * (1 + SIZE * 4)); // each row: filter byte 0, then RGBA
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    for (let x = 0; x < SIZE; x++) {
      let cover = 0;
      let ink = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const px = x + (sx + 0.5) / SAMPLES;
          const py = y + (sy + 0.5) / SAMPLES;
          if (!inRoundedSquare(px, py)) continue;
          cover++;
          if (inRing(px, py) || inDot(px, py)) ink++;
        }
      }
      const n = SAMPLES * SAMPLES;
      const t = cover ? ink / cover : 0;
      const at = row + 1 + x * 4;
      for (let c = 0; c < 3; c++) rows[at + c] = Math.round(BACKGROUND[c] * (1 - t) + FOREGROUND[c] * t);
      rows[at + 3] = Math.round((255 * cover) / n);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function png() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  // compression, filter and interlace methods: 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(render(), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = fileURLToPath(new URL('icon.png', import.meta.url));
writeFileSync(out, png());
stdout.write(`wrote ${out}\n`);
