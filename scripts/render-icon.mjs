#!/usr/bin/env node
// Renders assets/icon.svg to assets/icon.png (512x512, transparent corners) with Debian's Chromium,
// the same browser the end-to-end tests use: `node scripts/render-icon.mjs [size]`.
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const size = Number(process.argv[2] ?? 512);
const svg = readFileSync(`${root}assets/icon.svg`, 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.COUNTERSIGN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
  await page.setContent(
    `<!doctype html><html><head><style>html,body{margin:0;background:transparent}svg{display:block;width:${size}px;height:${size}px}</style></head><body>${svg}</body></html>`,
  );
  const png = await page.locator('svg').screenshot({ omitBackground: true, type: 'png' });
  const out = size === 512 ? 'assets/icon.png' : `assets/icon-${size}.png`;
  writeFileSync(`${root}${out}`, png);
  process.stdout.write(`wrote ${out} (${size}x${size}, ${png.length} bytes)\n`);
} finally {
  await browser.close();
}
