//! Administrative divisions (行政区划) for the region pickers: provinces and prefecture-level cities with their
//! GB/T 2260 codes and pinyin, read from `public/data/regions.json`, with lookups and a search box's matching.
//!
//! The format, source and regeneration are documented in `docs/regions.md`. [`Regions::from_json`] checks the
//! file once (codes, order, parents, pinyin), so lookups can trust it afterwards.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::day;
use crate::domain::json::{self, FromJson, Json};
use crate::domain::lang::Lang;
use crate::domain::text::{capitalised, latin_lowercase};

#[cfg(not(target_arch = "wasm32"))]
pub mod browser_copy;

/// The format version this code reads; a file with another is refused.
pub const SCHEMA_VERSION: u32 = 1;

/// Where the division codes came from, to show beside the picker.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Source {
    /// 民政部, who publishes the codes.
    pub publisher: String,
    /// The publisher's table the codes were taken from, e.g. `Xzqh20251231`.
    pub table: String,
    /// The date the codes are valid for; divisions change every year.
    #[serde(deserialize_with = "day::de")]
    pub data_as_of: NaiveDate,
    #[serde(deserialize_with = "day::de")]
    pub retrieved: NaiveDate,
    /// The registry package that carries the codes.
    pub package: String,
    pub version: String,
    pub licence: String,
    /// How the pinyin was made.
    pub pinyin: String,
}

/// 省级行政区: a province, autonomous region or municipality.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Province {
    /// The 6-digit GB/T 2260 code, ending in `0000`.
    #[serde(rename = "c")]
    pub code: String,
    /// The full name, e.g. 广西壮族自治区.
    #[serde(rename = "n")]
    pub name: String,
    /// The name without 省/市/自治区 and the ethnic part, e.g. 广西.
    #[serde(rename = "s")]
    pub short_name: String,
    /// Toneless pinyin of the short name, lowercase, ü written `v`.
    #[serde(rename = "p")]
    pub pinyin: String,
    /// The first letter of each pinyin syllable.
    #[serde(rename = "i")]
    pub initials: String,
    /// The English name: the conventional one where there is one (Inner Mongolia, Tibet, Shaanxi), else pinyin.
    #[serde(rename = "en")]
    pub english: String,
    /// Other English names people search by; none for a province today (see [`City::other_names`]).
    #[serde(rename = "aka", default)]
    pub other_names: Vec<String>,
    /// 直辖市: a province-level city, listed as its own single city.
    #[serde(default)]
    pub municipality: bool,
}

/// 地级行政区 (or a county-level unit a province administers directly): a city in a city picker.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct City {
    /// The 6-digit GB/T 2260 code; a municipality's city has the municipality's code.
    #[serde(rename = "c")]
    pub code: String,
    /// The full name, e.g. 阿坝藏族羌族自治州.
    #[serde(rename = "n")]
    pub name: String,
    /// The name without 市/地区/自治州/盟 and the ethnic part, e.g. 阿坝.
    #[serde(rename = "s")]
    pub short_name: String,
    #[serde(rename = "pc")]
    pub province_code: String,
    /// Toneless pinyin of the short name, lowercase, ü written `v`.
    #[serde(rename = "p")]
    pub pinyin: String,
    /// The first letter of each pinyin syllable.
    #[serde(rename = "i")]
    pub initials: String,
    /// Capitalised pinyin in Hanyu Pinyin spelling, e.g. Xi'an, Lüliang.
    #[serde(rename = "en")]
    pub english: String,
    /// Other English names people search by, where the common one is not the pinyin: Urumqi (乌鲁木齐, Wulumuqi),
    /// Lhasa, Hohhot, Harbin, Kashgar. Search only; `english` is the name shown.
    #[serde(rename = "aka", default)]
    pub other_names: Vec<String>,
    /// 省直辖县级行政区划: a county-level unit directly under the province (仙桃, 济源, 石河子), which is often its
    /// own medical-insurance pooling area and so is offered beside the prefecture-level cities.
    #[serde(default)]
    pub direct: bool,
}

/// The whole regions file, checked.
impl Province {
    /// The name to show: the full Chinese name, or the English one.
    pub fn display_name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name,
            Lang::En => &self.english,
        }
    }
}

impl City {
    /// The name to show: the full Chinese name, or the English one.
    pub fn display_name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.name,
            Lang::En => &self.english,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Regions {
    source: Source,
    provinces: Vec<Province>,
    cities: Vec<City>,
}

#[derive(Deserialize)]
struct RegionsFile {
    schema_version: u32,
    source: Source,
    provinces: Vec<Province>,
    cities: Vec<City>,
}

impl FromJson for RegionsFile {
    fn from_json(json: &Json) -> Option<Self> {
        Some(RegionsFile {
            schema_version: json.field("schema_version")?,
            source: json.field("source")?,
            provinces: json.field("provinces")?,
            cities: json.field("cities")?,
        })
    }
}

impl FromJson for Source {
    fn from_json(json: &Json) -> Option<Self> {
        Some(Source {
            publisher: json.field("publisher")?,
            table: json.field("table")?,
            data_as_of: json.field("data_as_of")?,
            retrieved: json.field("retrieved")?,
            package: json.field("package")?,
            version: json.field("version")?,
            licence: json.field("licence")?,
            pinyin: json.field("pinyin")?,
        })
    }
}

// The browser's reader also takes the browser's copy, which leaves out `s`, `en` and `pc` where the rules below give
// them back (`yidi regions browser` checks that its copy reads as the same regions).
impl FromJson for Province {
    fn from_json(json: &Json) -> Option<Self> {
        let name: String = json.field("n")?;
        let pinyin: String = json.field("p")?;
        Some(Province {
            code: json.field("c")?,
            short_name: json.field_or("s", plain_short_name(&name).to_owned())?,
            english: json.field_or("en", capitalised(&pinyin))?,
            name,
            pinyin,
            initials: json.field("i")?,
            other_names: json.field_or_default("aka")?,
            municipality: json.field_or_default("municipality")?,
        })
    }
}

impl FromJson for City {
    fn from_json(json: &Json) -> Option<Self> {
        let code: String = json.field("c")?;
        let name: String = json.field("n")?;
        let pinyin: String = json.field("p")?;
        Some(City {
            short_name: json.field_or("s", plain_short_name(&name).to_owned())?,
            province_code: json.field_or("pc", province_of(&code))?,
            english: json.field_or("en", capitalised(&pinyin))?,
            code,
            name,
            pinyin,
            initials: json.field("i")?,
            other_names: json.field_or_default("aka")?,
            direct: json.field_or_default("direct")?,
        })
    }
}

/// The short name most entries have: the name without its last 省, 市, 县, 自治区, 地区, 林区 or 盟. Names with an
/// ethnic part (广西壮族自治区, 阿坝藏族羌族自治州) keep their own `s`.
fn plain_short_name(name: &str) -> &str {
    ["自治区", "地区", "林区", "省", "市", "县", "盟"]
        .into_iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// What is wrong with a regions file, naming the region code where there is one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegionsError {
    #[error("regions data cannot be read: {0}")]
    Unreadable(String),
    #[error("regions schema version {found} is not the {SCHEMA_VERSION} this code reads")]
    SchemaVersion { found: u32 },
    #[error("{region}: must be a 6-digit region code (a province's ending in 0000)")]
    RegionCode { region: String },
    #[error("{region}: appears twice or out of order; codes must be unique and ascending")]
    Order { region: String },
    #[error("city {region}: its province {province} is not in the data")]
    UnknownProvince { region: String, province: String },
    #[error("province {region} has no cities (a municipality must be listed as its own city)")]
    NoCities { region: String },
    #[error("{region}: the name must be non-empty and begin with the non-empty short name")]
    Name { region: String },
    #[error("{region}: pinyin must be lowercase a-z, initials the first letter of each syllable")]
    Pinyin { region: String },
    #[error(
        "{region}: another English name must be Latin letters (spaces, apostrophes and hyphens aside)"
    )]
    OtherName { region: String },
}

impl RegionsError {
    /// A stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            RegionsError::Unreadable(_) => "unreadable",
            RegionsError::SchemaVersion { .. } => "schema_version",
            RegionsError::RegionCode { .. } => "region_code",
            RegionsError::Order { .. } => "order",
            RegionsError::UnknownProvince { .. } => "unknown_province",
            RegionsError::NoCities { .. } => "no_cities",
            RegionsError::Name { .. } => "name",
            RegionsError::Pinyin { .. } => "pinyin",
            RegionsError::OtherName { .. } => "other_name",
        }
    }
}

/// One search hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match<'a> {
    Province(&'a Province),
    City(&'a City),
}

impl Match<'_> {
    pub fn code(&self) -> &str {
        match self {
            Match::Province(p) => &p.code,
            Match::City(c) => &c.code,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Match::Province(p) => &p.name,
            Match::City(c) => &c.name,
        }
    }
}

/// How well a query matched; earlier variants rank first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Closeness {
    Exact,
    Prefix,
    Substring,
}

/// Which key matched; earlier variants rank first, so the English "Shanxi" (山西) beats the pinyin "shanxi" (陕西).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Chinese,
    English,
    Pinyin,
    Initials,
}

/// The fields one search looks at, shared by provinces and cities.
struct Keys<'a> {
    name: &'a str,
    short_name: &'a str,
    pinyin: &'a str,
    initials: &'a str,
    english: &'a str,
    other_names: &'a [String],
}

impl Regions {
    /// Reads and checks the regions file.
    pub fn from_json(text: &str) -> Result<Regions, RegionsError> {
        let file: RegionsFile =
            serde_json::from_str(text).map_err(|e| RegionsError::Unreadable(e.to_string()))?;
        Regions::checked(file)
    }

    /// As [`Regions::from_json`], through the browser's lean reader ([`crate::domain::json`]): the same checks,
    /// without serde's code.
    pub fn read(text: &str) -> Result<Regions, RegionsError> {
        let file: RegionsFile = json::from_str(text)
            .ok_or_else(|| RegionsError::Unreadable("not a regions file".to_owned()))?;
        Regions::checked(file)
    }

    fn checked(file: RegionsFile) -> Result<Regions, RegionsError> {
        if file.schema_version != SCHEMA_VERSION {
            return Err(RegionsError::SchemaVersion {
                found: file.schema_version,
            });
        }
        let regions = Regions {
            source: file.source,
            provinces: file.provinces,
            cities: file.cities,
        };
        regions.validate()?;
        Ok(regions)
    }

    fn validate(&self) -> Result<(), RegionsError> {
        check_order(self.provinces.iter().map(|p| p.code.as_str()))?;
        check_order(self.cities.iter().map(|c| c.code.as_str()))?;
        for p in &self.provinces {
            if !p.code.ends_with("0000") {
                return Err(RegionsError::RegionCode {
                    region: p.code.clone(),
                });
            }
            check_keys(&p.code, &province_keys(p))?;
            if self.cities_of(&p.code).next().is_none() {
                return Err(RegionsError::NoCities {
                    region: p.code.clone(),
                });
            }
            if p.municipality && self.city(&p.code).is_none() {
                return Err(RegionsError::NoCities {
                    region: p.code.clone(),
                });
            }
        }
        for c in &self.cities {
            if self.province(&c.province_code).is_none() {
                return Err(RegionsError::UnknownProvince {
                    region: c.code.clone(),
                    province: c.province_code.clone(),
                });
            }
            check_keys(&c.code, &city_keys(c))?;
        }
        Ok(())
    }

    /// A region's name in `lang`, a city's or a province's (`None` for an unknown code).
    pub fn name_of(&self, code: &str, lang: Lang) -> Option<&str> {
        self.city(code)
            .map(|c| c.display_name(lang))
            .or_else(|| self.province(code).map(|p| p.display_name(lang)))
    }

    pub fn source(&self) -> &Source {
        &self.source
    }

    /// All provinces, in code order.
    pub fn provinces(&self) -> &[Province] {
        &self.provinces
    }

    /// All cities, in code order.
    pub fn cities(&self) -> &[City] {
        &self.cities
    }

    pub fn province(&self, code: &str) -> Option<&Province> {
        // Checked ascending and unique on load.
        self.provinces
            .binary_search_by(|p| p.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.provinces[i])
    }

    pub fn city(&self, code: &str) -> Option<&City> {
        self.cities
            .binary_search_by(|c| c.code.as_str().cmp(code))
            .ok()
            .map(|i| &self.cities[i])
    }

    /// The cities of a province, in code order; never empty for a province in the data.
    pub fn cities_of<'a>(&'a self, province_code: &'a str) -> impl Iterator<Item = &'a City> + 'a {
        self.cities
            .iter()
            .filter(move |c| c.province_code == province_code)
    }

    /// Whether a province code is a 直辖市 (Beijing, Tianjin, Shanghai, Chongqing).
    pub fn is_municipality(&self, province_code: &str) -> bool {
        self.province(province_code).is_some_and(|p| p.municipality)
    }

    /// Provinces and cities matching what a person typed, best first, at most `limit`.
    ///
    /// Chinese matches the full name (exact or short name, then prefix, then substring); Latin text matches the
    /// English names (the one shown and the others people use, Urumqi for Wulumuqi), the pinyin and the initials by
    /// prefix, ignoring case, spaces and apostrophes, with ü, u and v taken as one letter. A municipality is found as
    /// its city only, so it is not listed twice.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Match<'_>> {
        let query = query.trim();
        if query.is_empty() || limit == 0 {
            return Vec::new();
        }
        let latin = latin_key(query);
        let latin = (!latin.is_empty() && latin.chars().all(|ch| ch.is_ascii_alphanumeric()))
            .then_some(latin);
        let score = |keys: &Keys<'_>| best_match(keys, query, latin.as_deref());

        let mut hits: Vec<((Closeness, Key), Match<'_>)> = self
            .provinces
            .iter()
            .filter(|p| !p.municipality)
            .filter_map(|p| score(&province_keys(p)).map(|s| (s, Match::Province(p))))
            .chain(
                self.cities
                    .iter()
                    .filter_map(|c| score(&city_keys(c)).map(|s| (s, Match::City(c)))),
            )
            .collect();
        // Provinces before cities on a tie, then code order, so the result is stable.
        hits.sort_by(|(a, ma), (b, mb)| {
            a.cmp(b)
                .then_with(|| is_city(ma).cmp(&is_city(mb)))
                .then_with(|| ma.code().cmp(mb.code()))
        });
        hits.into_iter().take(limit).map(|(_, m)| m).collect()
    }
}

fn is_city(m: &Match<'_>) -> bool {
    matches!(m, Match::City(_))
}

fn province_keys(p: &Province) -> Keys<'_> {
    Keys {
        name: &p.name,
        short_name: &p.short_name,
        pinyin: &p.pinyin,
        initials: &p.initials,
        english: &p.english,
        other_names: &p.other_names,
    }
}

fn city_keys(c: &City) -> Keys<'_> {
    Keys {
        name: &c.name,
        short_name: &c.short_name,
        pinyin: &c.pinyin,
        initials: &c.initials,
        english: &c.english,
        other_names: &c.other_names,
    }
}

/// Lowercase, without spaces, apostrophes and hyphens, and with ü and v as u: people type 吕梁 as lvliang,
/// luliang or Lüliang, and Xi'an as xian.
fn latin_key(text: &str) -> String {
    text.chars()
        .filter(|ch| !ch.is_whitespace() && !matches!(ch, '\'' | '’' | '-'))
        .map(latin_lowercase)
        .map(|ch| if matches!(ch, 'ü' | 'v') { 'u' } else { ch })
        .collect()
}

fn best_match(keys: &Keys<'_>, query: &str, latin: Option<&str>) -> Option<(Closeness, Key)> {
    let chinese = if query == keys.name || query == keys.short_name {
        Some(Closeness::Exact)
    } else if keys.name.starts_with(query) {
        Some(Closeness::Prefix)
    } else if keys.name.contains(query) {
        Some(Closeness::Substring)
    } else {
        None
    };
    let mut best = chinese.map(|c| (c, Key::Chinese));
    if let Some(latin) = latin {
        let english =
            std::iter::once(keys.english).chain(keys.other_names.iter().map(String::as_str));
        let candidates = english
            .map(|text| (Key::English, text))
            .chain([(Key::Pinyin, keys.pinyin), (Key::Initials, keys.initials)]);
        for (key, text) in candidates {
            let text = latin_key(text);
            let closeness = if text == latin {
                Some(Closeness::Exact)
            } else if text.starts_with(latin) {
                Some(Closeness::Prefix)
            } else {
                None
            };
            if let Some(c) = closeness {
                let candidate = (c, key);
                best = Some(best.map_or(candidate, |b| b.min(candidate)));
            }
        }
    }
    best
}

fn check_order<'a>(codes: impl Iterator<Item = &'a str>) -> Result<(), RegionsError> {
    let mut previous: Option<&str> = None;
    for code in codes {
        if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionsError::RegionCode {
                region: code.to_owned(),
            });
        }
        if previous.is_some_and(|p| p >= code) {
            return Err(RegionsError::Order {
                region: code.to_owned(),
            });
        }
        previous = Some(code);
    }
    Ok(())
}

fn check_keys(code: &str, keys: &Keys<'_>) -> Result<(), RegionsError> {
    if keys.short_name.is_empty() || !keys.name.starts_with(keys.short_name) {
        return Err(RegionsError::Name {
            region: code.to_owned(),
        });
    }
    if !initials_fit(keys.pinyin, keys.initials) {
        return Err(RegionsError::Pinyin {
            region: code.to_owned(),
        });
    }
    // Plain Latin letters, so the search's folding finds them (checked without it: its Unicode case tables would
    // then ship with every page that reads the file, not only with the search box).
    let searchable = |name: &String| {
        name.bytes().any(|b| b.is_ascii_alphabetic())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphabetic() || matches!(b, b' ' | b'\'' | b'-'))
    };
    if !keys.other_names.iter().all(searchable) {
        return Err(RegionsError::OtherName {
            region: code.to_owned(),
        });
    }
    Ok(())
}

/// Whether `initials` can be the first letters of the syllables of `pinyin`: both lowercase a-z, the same first
/// letter, and the initials found in order in the pinyin, one per syllable at most (a syllable has a vowel).
fn initials_fit(pinyin: &str, initials: &str) -> bool {
    let lower = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    if !lower(pinyin) || !lower(initials) || pinyin.as_bytes()[0] != initials.as_bytes()[0] {
        return false;
    }
    let mut rest = pinyin;
    for initial in initials.chars() {
        match rest.find(initial) {
            Some(at) => rest = &rest[at + 1..],
            None => return false,
        }
    }
    initials.len() <= pinyin.bytes().filter(|b| b"aeiouv".contains(b)).count()
}

/// The first four digits of the cities of the Xinjiang Production and Construction Corps (新疆生产建设兵团): GB/T 2260
/// lists them under Xinjiang as 自治区直辖县级行政区划 (石河子 659001 … 白杨 659012).
const XPCC_CITY_PREFIX: &str = "6590";

/// The province of a region code: its first two digits and `0000` (`131000` 廊坊 is in `130000` 河北), true of
/// every city in `regions.json`, the Corps' cities included (their province there is `650000`).
pub fn province_of(code: &str) -> String {
    format!("{}0000", code.get(..2).unwrap_or_default())
}

/// 省级统筹单位 for cross-provincial settlement: the part of a region code that names its provincial-level unit,
/// two digits (`13` for 廊坊 131000 and 河北 130000), except for the Corps' cities, which are a unit of their own
/// (`6590`): national rules count the Corps beside the 31 provinces ("each province (autonomous region,
/// municipality directly under the Central Government, including Xinjiang Production and Construction Corps,
/// hereinafter collectively referred to as the province)", the chronic-disease pilot notice, seed 003; see
/// `docs/regions.md`). `None` for a code too short to have one.
pub fn settlement_province(code: &str) -> Option<&str> {
    if code.starts_with(XPCC_CITY_PREFIX) {
        code.get(..4)
    } else {
        code.get(..2)
    }
}

/// 跨省: whether care at `treatment` for a person insured at `insured` crosses provincial-level units, so that
/// cross-provincial filing and direct settlement apply. Codes are cities or provinces; two codes that name no unit
/// are taken as the same place.
pub fn crosses_provinces(insured: &str, treatment: &str) -> bool {
    settlement_province(insured) != settlement_province(treatment)
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGIONS_JSON: &str = include_str!("../../public/data/regions.json");

    fn regions() -> Regions {
        Regions::from_json(REGIONS_JSON).expect("the shipped regions.json is valid")
    }

    /// The browser's lean reader makes of the shipped file what serde does, and refuses what serde refuses.
    #[test]
    fn the_lean_reader_reads_what_serde_reads() {
        assert_eq!(Regions::read(REGIONS_JSON), Ok(regions()));
        assert!(regions().cities().iter().any(|c| c.direct));
        assert!(regions().cities().iter().any(|c| !c.other_names.is_empty()));
        assert_eq!(Regions::read("{").unwrap_err().code(), "unreadable");
        let without_pinyin = REGIONS_JSON.replacen(r#""p":"langfang","#, "", 1);
        assert_eq!(
            Regions::read(&without_pinyin).unwrap_err().code(),
            "unreadable"
        );
        assert!(Regions::from_json(&without_pinyin).is_err());
        let order = REGIONS_JSON.replacen(r#""c":"131000""#, r#""c":"130900""#, 1);
        assert_eq!(Regions::read(&order).unwrap_err().code(), "order");
    }

    /// [`province_of`] reads a city's province from its code: true of every city we ship.
    #[test]
    fn every_city_s_province_is_its_code_s_first_two_digits() {
        for city in regions().cities() {
            assert_eq!(city.province_code, province_of(&city.code), "{}", city.code);
        }
    }

    fn codes(matches: &[Match<'_>]) -> Vec<String> {
        matches.iter().map(|m| m.code().to_owned()).collect()
    }

    #[test]
    fn has_31_provinces_and_the_source_date() {
        let r = regions();
        assert_eq!(r.provinces().len(), 31);
        assert!(r.province("810000").is_none(), "Hong Kong is left out");
        assert!(r.province("820000").is_none(), "Macau is left out");
        assert_eq!(
            r.source().data_as_of,
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap()
        );
    }

    #[test]
    fn counts_prefecture_level_and_direct_county_level_cities() {
        let r = regions();
        let direct = r.cities().iter().filter(|c| c.direct).count();
        let municipal = r
            .cities()
            .iter()
            .filter(|c| c.code == c.province_code)
            .count();
        assert_eq!(direct, 32);
        assert_eq!(municipal, 4);
        assert_eq!(r.cities().len() - direct - municipal, 333);
    }

    #[test]
    fn municipalities_are_their_own_single_city() {
        let r = regions();
        for (code, name) in [
            ("110000", "北京市"),
            ("120000", "天津市"),
            ("310000", "上海市"),
            ("500000", "重庆市"),
        ] {
            assert!(r.is_municipality(code), "{code}");
            let cities: Vec<&City> = r.cities_of(code).collect();
            assert_eq!(cities.len(), 1, "{code}");
            assert_eq!(cities[0].code, code);
            assert_eq!(cities[0].name, name);
        }
        let municipalities = r.provinces().iter().filter(|p| p.municipality).count();
        assert_eq!(municipalities, 4);
        assert!(!r.is_municipality("130000"));
        assert!(!r.is_municipality("999999"));
    }

    #[test]
    fn langfang_is_in_hebei() {
        let r = regions();
        let langfang = r.city("131000").unwrap();
        assert_eq!(langfang.name, "廊坊市");
        assert_eq!(langfang.province_code, "130000");
        assert_eq!(r.province("130000").unwrap().name, "河北省");
        assert!(r.cities_of("130000").any(|c| c.code == "131000"));
        assert_eq!(r.cities_of("130000").count(), 11);
    }

    #[test]
    fn province_administered_county_level_units_are_cities() {
        let r = regions();
        let xiantao = r.city("429004").unwrap();
        assert_eq!(xiantao.name, "仙桃市");
        assert_eq!(xiantao.province_code, "420000");
        assert!(xiantao.direct);
        assert!(r.cities_of("420000").any(|c| c.code == "429004"));
        assert_eq!(r.city("419001").unwrap().short_name, "济源");
        assert_eq!(r.city("429021").unwrap().short_name, "神农架");
        assert_eq!(r.city("659012").unwrap().name, "白杨市");
        assert!(!r.city("420100").unwrap().direct);
    }

    #[test]
    fn the_corps_cities_are_a_provincial_unit_of_their_own() {
        // 石河子 (the Corps' 8th division) and 乌鲁木齐 (Xinjiang) cross provincial-level units, both ways.
        assert!(crosses_provinces("659001", "650100"));
        assert!(crosses_provinces("650100", "659001"));
        // Between two Corps cities, or two Xinjiang ones, they do not.
        assert!(!crosses_provinces("659001", "659002"));
        assert!(!crosses_provinces("650100", "653100"));
        // A whole-province destination: Xinjiang is not the Corps.
        assert!(crosses_provinces("659001", "650000"));
        assert!(!crosses_provinces("650100", "650000"));
        // Elsewhere the first two digits decide, as before.
        assert!(!crosses_provinces("131000", "130000"));
        assert!(crosses_provinces("131000", "110000"));
        assert_eq!(settlement_province("6"), None);
        // Every 6590xx city in the shipped file is one of the Corps' (the file lists them under Xinjiang).
        let r = regions();
        let corps: Vec<&str> = r
            .cities()
            .iter()
            .filter(|c| c.code.starts_with(XPCC_CITY_PREFIX))
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(corps.len(), 12, "{corps:?}");
        assert!(corps.contains(&"石河子市") && corps.contains(&"白杨市"));
    }

    #[test]
    fn pinyin_reads_place_names_right() {
        let r = regions();
        for (code, pinyin, initials) in [
            ("500000", "chongqing", "cq"),
            ("430100", "changsha", "cs"),
            ("350200", "xiamen", "xm"),
            ("540300", "changdu", "cd"),
            ("653100", "kashi", "ks"),
            ("340300", "bengbu", "bb"),
            ("341500", "luan", "la"),
            ("141100", "lvliang", "ll"),
        ] {
            let city = r.city(code).unwrap();
            assert_eq!(
                (city.pinyin.as_str(), city.initials.as_str()),
                (pinyin, initials),
                "{}",
                city.name
            );
        }
    }

    #[test]
    fn short_names_drop_suffixes_and_the_ethnic_part() {
        let r = regions();
        assert_eq!(r.city("513200").unwrap().short_name, "阿坝");
        assert_eq!(r.city("513200").unwrap().pinyin, "aba");
        assert_eq!(r.city("652700").unwrap().short_name, "博尔塔拉");
        assert_eq!(r.city("152200").unwrap().short_name, "兴安");
        assert_eq!(r.city("469029").unwrap().short_name, "保亭");
        assert_eq!(r.province("450000").unwrap().short_name, "广西");
    }

    #[test]
    fn english_names_use_the_conventional_province_names() {
        let r = regions();
        let english = |code| r.province(code).unwrap().english.as_str();
        assert_eq!(english("150000"), "Inner Mongolia");
        assert_eq!(english("540000"), "Tibet");
        assert_eq!(english("610000"), "Shaanxi");
        assert_eq!(english("140000"), "Shanxi");
        assert_eq!(english("450000"), "Guangxi");
        assert_eq!(r.city("610100").unwrap().english, "Xi'an");
        assert_eq!(r.city("141100").unwrap().english, "Lüliang");
    }

    #[test]
    fn search_by_initials_finds_wuhan() {
        let r = regions();
        assert!(codes(&r.search("wh", 10)).contains(&"420100".to_owned()));
        assert!(codes(&r.search("WH", 10)).contains(&"420100".to_owned()));
    }

    #[test]
    fn search_by_pinyin_prefix_finds_chongqing_once() {
        let r = regions();
        assert_eq!(codes(&r.search("chongq", 10)), ["500000"]);
        assert!(matches!(r.search("chongq", 10)[0], Match::City(_)));
        assert_eq!(codes(&r.search("Chong Qing", 10)), ["500000"]);
    }

    #[test]
    fn search_by_chinese_finds_langfang() {
        let r = regions();
        assert_eq!(codes(&r.search("廊坊", 10)), ["131000"]);
        assert_eq!(codes(&r.search("廊坊市", 10)), ["131000"]);
    }

    #[test]
    fn search_tells_shaanxi_from_shanxi() {
        let r = regions();
        assert_eq!(codes(&r.search("Shaanxi", 10)), ["610000"]);
        let shanxi = codes(&r.search("Shanxi", 10));
        assert_eq!(shanxi[0], "140000", "the English name ranks first");
        assert!(
            shanxi.contains(&"610000".to_owned()),
            "the pinyin is the same"
        );
        assert_eq!(codes(&r.search("陕西", 10)), ["610000"]);
        assert_eq!(codes(&r.search("山西", 10)), ["140000"]);
    }

    #[test]
    fn search_ranks_an_english_name_above_the_same_pinyin() {
        // In the real file code order alone would put 山西 140000 first; here the pinyin-only match has the lower code.
        let r = Regions::from_json(
            r#"{"schema_version":1,"source":{"publisher":"p","table":"t","data_as_of":"2025-12-31",
            "retrieved":"2026-08-25","package":"k","version":"1","licence":"MIT","pinyin":"x"},
            "provinces":[
            {"c":"610000","n":"陕西省","s":"陕西","p":"shanxi","i":"sx","en":"Shaanxi"},
            {"c":"710000","n":"山西省","s":"山西","p":"shanxi","i":"sx","en":"Shanxi"}],
            "cities":[
            {"c":"610100","n":"西安市","s":"西安","pc":"610000","p":"xian","i":"xa","en":"Xi'an"},
            {"c":"710100","n":"太原市","s":"太原","pc":"710000","p":"taiyuan","i":"ty","en":"Taiyuan"}]}"#,
        )
        .unwrap();
        assert_eq!(codes(&r.search("shanxi", 10)), ["710000", "610000"]);
    }

    #[test]
    fn search_ranks_exact_before_prefix_before_substring() {
        let r = regions();
        // 西安 exactly, then 咸宁/仙桃/咸阳 by pinyin prefix.
        let xian = codes(&r.search("xian", 10));
        assert_eq!(xian[0], "610100");
        assert!(xian.contains(&"429004".to_owned()));
        // 吉林 the province and the city both match exactly; 吉安 and others only by prefix or substring.
        let jilin = codes(&r.search("吉林", 10));
        assert_eq!(jilin, ["220000", "220200"]);
        // 南 as a prefix (南京, 南昌 ...) ranks before 南 inside a name (河南, 济南 ...).
        let nan = r.search("南", 100);
        let first_substring = nan
            .iter()
            .position(|m| !m.name().starts_with('南'))
            .unwrap();
        assert!(
            nan[first_substring..]
                .iter()
                .all(|m| !m.name().starts_with('南'))
        );
        assert!(first_substring > 0);
    }

    #[test]
    fn search_folds_u_umlaut_and_v() {
        let r = regions();
        for query in ["lvliang", "luliang", "Lüliang"] {
            assert_eq!(codes(&r.search(query, 10)), ["141100"], "{query}");
        }
        assert_eq!(codes(&r.search("Xi'an", 1)), ["610100"]);
    }

    /// Issue 16: the English names people search by, not only the pinyin.
    #[test]
    fn search_finds_the_english_names_people_use() {
        let r = regions();
        for (query, code) in [
            ("Urumqi", "650100"),
            ("Ürümqi", "650100"),
            ("urum", "650100"),
            ("Lhasa", "540100"),
            ("Hohhot", "150100"),
            ("Harbin", "230100"),
            ("Kashgar", "653100"),
            ("Xi'an", "610100"),
            ("Xian", "610100"),
            ("Inner Mongolia", "150000"),
            ("Tibet", "540000"),
            ("Xizang", "540000"),
            ("Shigatse", "540200"),
            ("Qiqihar", "230200"),
            ("Ordos", "150600"),
            ("Turpan", "650400"),
            ("Hotan", "653200"),
            ("Ngawa", "513200"),
            ("Golog", "632600"),
        ] {
            let found = codes(&r.search(query, 5));
            assert_eq!(
                found.first().map(String::as_str),
                Some(code),
                "{query}: {found:?}"
            );
        }
        // The pinyin still finds them, and the name shown is still the pinyin.
        assert_eq!(codes(&r.search("Wulumuqi", 5)), ["650100"]);
        assert_eq!(codes(&r.search("lasa", 5)), ["540100"]);
        assert_eq!(r.city("650100").unwrap().english, "Wulumuqi");
    }

    #[test]
    fn every_other_english_name_finds_its_own_place_first() {
        let r = regions();
        let mut named = 0;
        for c in r.cities() {
            for name in &c.other_names {
                named += 1;
                let found = codes(&r.search(name, 3));
                assert_eq!(found.first(), Some(&c.code), "{name}: {found:?}");
            }
        }
        assert!(r.provinces().iter().all(|p| p.other_names.is_empty()));
        assert_eq!(named, 32, "the table in scripts/data/build-regions.mjs");
    }

    #[test]
    fn search_respects_the_limit_and_ignores_empty_queries() {
        let r = regions();
        assert_eq!(r.search("s", 5).len(), 5);
        assert!(r.search("  ", 5).is_empty());
        assert!(r.search("wh", 0).is_empty());
        assert!(r.search("zzzz", 5).is_empty());
    }

    #[test]
    fn shipped_file_is_consistent() {
        let r = regions();
        let mut seen = std::collections::BTreeSet::new();
        for p in r.provinces() {
            assert!(seen.insert(("province", p.code.as_str())), "{}", p.code);
            assert!(p.code.len() == 6 && p.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(initials_fit(&p.pinyin, &p.initials), "{}", p.name);
            assert!(!p.english.is_empty());
        }
        for c in r.cities() {
            assert!(seen.insert(("city", c.code.as_str())), "{}", c.code);
            assert!(c.code.len() == 6 && c.code.bytes().all(|b| b.is_ascii_digit()));
            assert!(r.province(&c.province_code).is_some(), "{}", c.code);
            assert_eq!(&c.code[..2], &c.province_code[..2], "{}", c.name);
            assert!(initials_fit(&c.pinyin, &c.initials), "{}", c.name);
            assert!(!c.english.is_empty());
        }
    }

    #[test]
    fn initials_must_fit_the_pinyin() {
        assert!(initials_fit("wuhan", "wh"));
        assert!(initials_fit("xian", "xa"));
        assert!(!initials_fit("wuhan", "hw"));
        assert!(!initials_fit("wuhan", "wx"));
        assert!(
            !initials_fit("wuhan", "whn"),
            "more initials than syllables"
        );
        assert!(!initials_fit("", ""));
        assert!(!initials_fit("Wuhan", "Wh"));
    }

    fn edited(from: &str, to: &str) -> Result<Regions, RegionsError> {
        assert!(REGIONS_JSON.contains(from), "{from}");
        Regions::from_json(&REGIONS_JSON.replacen(from, to, 1))
    }

    #[test]
    fn from_json_refuses_broken_files() {
        let code = |r: Result<Regions, RegionsError>| r.unwrap_err().code();
        assert_eq!(code(Regions::from_json("{")), "unreadable");
        assert_eq!(
            code(edited(r#""schema_version":1"#, r#""schema_version":2"#)),
            "schema_version"
        );
        assert_eq!(
            code(edited(r#""c":"131000""#, r#""c":"13100""#)),
            "region_code"
        );
        assert_eq!(code(edited(r#""c":"131000""#, r#""c":"130900""#)), "order");
        assert_eq!(
            code(edited(
                r#""c":"131000","n":"廊坊市","s":"廊坊","pc":"130000""#,
                r#""c":"131000","n":"廊坊市","s":"廊坊","pc":"190000""#
            )),
            "unknown_province"
        );
        assert_eq!(
            code(edited(
                r#"{"c":"500000","n":"重庆市","s":"重庆","pc":"500000","p":"chongqing","i":"cq","en":"Chongqing"},"#,
                ""
            )),
            "no_cities"
        );
        assert_eq!(code(edited(r#""s":"廊坊""#, r#""s":"廊房""#)), "name");
        assert_eq!(
            code(edited(
                r#""p":"langfang","i":"lf""#,
                r#""p":"langfang","i":"fl""#
            )),
            "pinyin"
        );
        assert_eq!(
            code(edited(r#""aka":["Urumqi"]"#, r#""aka":["乌鲁木齐"]"#)),
            "other_name"
        );
        assert_eq!(
            code(edited(r#""aka":["Urumqi"]"#, r#""aka":[" - "]"#)),
            "other_name"
        );
    }
}
