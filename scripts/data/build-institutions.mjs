// Builds the institutions data (format: docs/institutions.md). Deterministic: the same script gives the same bytes.
//
//   public/data/institutions.json      well-known hospitals of the destination cities the policy data covers,
//                                       by name, district and address (widely published facts), with codes and
//                                       networked-service flags made up by rule below: SAMPLE DATA, every entry.
//   public/data/institutions-10k.json  10,000 synthetic institutions spread over the same cities, for the
//                                       filter's tests and the browser's performance check.
//
// Usage: node scripts/data/build-institutions.mjs [OUT_DIR] [--10k]
//   OUT_DIR  where to write (default public/data)
//   --10k    also write institutions-10k.json (2.3 MB; not committed: tests/institutions_data.rs and the browser
//            performance check generate it)
// tests/institutions_data.rs repeats the 10k file's rules to count what the filter must find, and checks that
// the committed institutions.json is what this script writes.

import { writeFileSync } from "node:fs";
import path from "node:path";

const args = process.argv.slice(2);
const with10k = args.includes("--10k");
const outDir = args.find((a) => !a.startsWith("--")) ?? "public/data";

const DISEASES = ["M03900", "M01600", "M00500", "M07801", "M08300"];

// The destination cities of public/data/policy.json, in its order.
const CITIES = [
  { code: "131000", zh: "廊坊", initials: "lf" },
  { code: "120000", zh: "天津", initials: "tj" },
  { code: "110000", zh: "北京", initials: "bj" },
  { code: "310000", zh: "上海", initials: "sh" },
  { code: "410100", zh: "郑州", initials: "zz" },
  { code: "510100", zh: "成都", initials: "cd" },
  { code: "340100", zh: "合肥", initials: "hf" },
  { code: "430100", zh: "长沙", initials: "cs" },
];

// [name, initials, level, grade or null, district, address]: well-known hospitals, as their own sites and maps give
// them. The initials (first letter of each syllable's pinyin) were made once with pinyin-pro 3.29.4 and read through by
// hand (中 zhong, 解 jie, 省 sheng, 都 du, 六 liu); they are kept here so that building needs no npm package.
const HOSPITALS = {
  "131000": [
    ["廊坊市人民医院", "lfsrmyy", "tertiary", null, "广阳区", "新华路37号"],
    ["河北中石油中心医院", "hbzsyzxyy", "tertiary", null, "广阳区", "新开路51号"],
    ["河北燕达医院", "hbydyy", "tertiary", null, "三河市", "燕郊高新区燕顺路"],
  ],
  "120000": [
    ["天津医科大学总医院", "tjykdxzyy", "tertiary", "a", "和平区", "鞍山道154号"],
    ["天津市第一中心医院", "tjsdyzxyy", "tertiary", "a", "南开区", "复康路24号"],
    ["天津医科大学肿瘤医院", "tjykdxzlyy", "tertiary", "a", "河西区", "体院北环湖西路"],
    ["天津市人民医院", "tjsrmyy", "tertiary", "a", "红桥区", "芥园道190号"],
    ["天津医科大学第二医院", "tjykdxdeyy", "tertiary", "a", "河西区", "平江道23号"],
  ],
  "110000": [
    ["北京协和医院", "bjxhyy", "tertiary", "a", "东城区", "帅府园1号"],
    ["中国人民解放军总医院", "zgrmjfjzyy", "tertiary", "a", "海淀区", "复兴路28号"],
    ["北京大学第一医院", "bjdxdyyy", "tertiary", "a", "西城区", "西什库大街8号"],
    ["北京大学人民医院", "bjdxrmyy", "tertiary", "a", "西城区", "西直门南大街11号"],
    ["北京大学第三医院", "bjdxdsyy", "tertiary", "a", "海淀区", "花园北路49号"],
    ["中日友好医院", "zryhyy", "tertiary", "a", "朝阳区", "樱花园东街2号"],
  ],
  "310000": [
    ["复旦大学附属中山医院", "fddxfszsyy", "tertiary", "a", "徐汇区", "枫林路180号"],
    ["复旦大学附属华山医院", "fddxfshsyy", "tertiary", "a", "静安区", "乌鲁木齐中路12号"],
    ["上海交通大学医学院附属瑞金医院", "shjtdxyxyfsrjyy", "tertiary", "a", "黄浦区", "瑞金二路197号"],
    ["上海市第六人民医院", "shsdlrmyy", "tertiary", "a", "徐汇区", "宜山路600号"],
    ["复旦大学附属肿瘤医院", "fddxfszlyy", "tertiary", "a", "徐汇区", "东安路270号"],
  ],
  "410100": [
    ["郑州大学第一附属医院", "zzdxdyfsyy", "tertiary", "a", "二七区", "建设东路1号"],
    ["河南省人民医院", "hnsrmyy", "tertiary", "a", "金水区", "纬五路7号"],
    ["河南省肿瘤医院", "hnszlyy", "tertiary", "a", "金水区", "东明路127号"],
    ["郑州大学第二附属医院", "zzdxdefsyy", "tertiary", "a", "金水区", "经八路2号"],
    ["郑州市中心医院", "zzszxyy", "tertiary", "a", "中原区", "桐柏北路195号"],
  ],
  "510100": [
    ["四川大学华西医院", "scdxhxyy", "tertiary", "a", "武侯区", "国学巷37号"],
    ["四川省人民医院", "scsrmyy", "tertiary", "a", "青羊区", "一环路西二段32号"],
    ["成都市第一人民医院", "cdsdyrmyy", "tertiary", "a", "高新区", "万象北路18号"],
    ["四川省肿瘤医院", "scszlyy", "tertiary", "a", "武侯区", "人民南路四段55号"],
    ["成都市第三人民医院", "cdsdsrmyy", "tertiary", "a", "青羊区", "青龙街82号"],
  ],
  "340100": [
    ["安徽医科大学第一附属医院", "ahykdxdyfsyy", "tertiary", "a", "蜀山区", "绩溪路218号"],
    ["安徽省立医院", "ahslyy", "tertiary", "a", "庐阳区", "庐江路17号"],
    ["安徽医科大学第二附属医院", "ahykdxdefsyy", "tertiary", "a", "经开区", "芙蓉路678号"],
    ["合肥市第一人民医院", "hfsdyrmyy", "tertiary", "a", "庐阳区", "淮河路390号"],
  ],
  "430100": [
    ["中南大学湘雅医院", "zndxxyyy", "tertiary", "a", "开福区", "湘雅路87号"],
    ["中南大学湘雅二医院", "zndxxyeyy", "tertiary", "a", "芙蓉区", "人民中路139号"],
    ["中南大学湘雅三医院", "zndxxysyy", "tertiary", "a", "岳麓区", "桐梓坡路138号"],
    ["湖南省人民医院", "hnsrmyy", "tertiary", "a", "芙蓉区", "解放西路61号"],
    ["湖南省肿瘤医院", "hnszlyy", "tertiary", "a", "岳麓区", "桐梓坡路283号"],
  ],
};

const code = (cityCode, serial) => `H${cityCode}${String(serial).padStart(5, "0")}`;

// Example flags by position in the city's list, so each city has institutions networked for every disease,
// for two, and for none; and one without general outpatient settlement.
function exampleServices(p) {
  const chronic = [DISEASES, ["M03900", "M01600"], []][p % 3];
  return { inpatient: true, general_outpatient: p % 4 !== 3, chronic };
}

function sampleFile() {
  const institutions = [];
  for (const city of CITIES) {
    const list = HOSPITALS[city.code];
    list.forEach(([name, initials, level, grade, district, address], p) => {
      institutions.push({
        code: code(city.code, p + 1),
        name,
        initials,
        level,
        ...(grade ? { grade } : {}),
        city_code: city.code,
        district,
        address,
        services: exampleServices(p),
        sample: true,
      });
    });
    // A made-up primary institution, so that level filters have something to find at every level.
    const p = list.length;
    institutions.push({
      code: code(city.code, p + 1),
      name: `样例社区卫生服务中心（${city.zh}，虚构）`,
      initials: `ylsqwsfwzx${city.initials}xg`,
      level: "primary",
      city_code: city.code,
      district: list[0][4],
      address: "样例地址（虚构）",
      services: { inpatient: false, general_outpatient: true, chronic: ["M03900", "M01600"] },
      sample: true,
    });
  }
  return {
    schema_version: 1,
    data_version: "2026.1-sample",
    sample: true,
    about:
      "SAMPLE DATA, not the list of networked institutions. No open list of institutions networked for " +
      "cross-provincial direct settlement exists; the real one is queried per city and service in the national " +
      "medical insurance service platform (国家医保服务平台 app, fuwu.nhsa.gov.cn). The hospitals' names, districts " +
      "and addresses are widely published facts; their codes (H + the city's region code + a serial) and the " +
      "services they are marked as networked for are examples made up by scripts/data/build-institutions.mjs. " +
      "The last entry of each city is invented. Check the official query before relying on any of it. " +
      "Format: docs/institutions.md.",
    official_query: "https://fuwu.nhsa.gov.cn",
    institutions,
  };
}

// The rules of the synthetic file; tests/institutions_data.rs repeats them to count what the filter must find.
function syntheticFile() {
  const institutions = [];
  for (let i = 0; i < 10000; i++) {
    const city = CITIES[i % CITIES.length];
    const level = i % 10 < 2 ? "tertiary" : i % 10 < 5 ? "secondary" : "primary";
    const n = String(i).padStart(5, "0");
    institutions.push({
      code: code(city.code, Math.floor(i / CITIES.length) + 1),
      name: `合成机构${n}`,
      initials: `hcjg${n}`,
      level,
      city_code: city.code,
      district: `合成${(i % 5) + 1}区`,
      address: `合成路${(i % 97) + 1}号`,
      services: {
        inpatient: level !== "primary" || i % 3 === 0,
        general_outpatient: i % 2 === 0,
        chronic: DISEASES.filter((_, k) => (i + k) % 4 === 0),
      },
      sample: true,
    });
  }
  return {
    schema_version: 1,
    data_version: "synthetic-10k",
    sample: true,
    about:
      "SYNTHETIC: 10,000 made-up institutions (合成机构NNNNN) for tests and performance checks, built by " +
      "scripts/data/build-institutions.mjs. Not real institutions.",
    institutions,
  };
}

writeFileSync(path.join(outDir, "institutions.json"), JSON.stringify(sampleFile(), null, 1) + "\n");
if (with10k) {
  writeFileSync(path.join(outDir, "institutions-10k.json"), JSON.stringify(syntheticFile()) + "\n");
}
