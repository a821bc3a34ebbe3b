//! Places by name: towns, countries and first-level divisions, with their
//! other names, found case- and diacritic-insensitively ("Xankəndi",
//! "Khankendi" and "Stepanakert" are one town).

use std::fmt;
use std::sync::OnceLock;

/// The credit the gazetteer's data asks for wherever it is used.
pub const SOURCE: &str = "GeoNames, geonames.org (CC-BY 4.0)";

/// What sort of place an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    /// A national capital.
    Capital,
    /// A town or city.
    City,
    /// A first-level division (province, oblast, state).
    Admin1,
    Country,
}

impl PlaceKind {
    /// The name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Capital => "capital",
            Self::City => "city",
            Self::Admin1 => "admin1",
            Self::Country => "country",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "capital" => Self::Capital,
            "city" => Self::City,
            "admin1" => Self::Admin1,
            "country" => Self::Country,
            _ => return None,
        })
    }

    /// Whether it is a town (drawn as a dot with a name).
    pub fn is_town(self) -> bool {
        matches!(self, Self::Capital | Self::City)
    }
}

/// One place.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub name: String,
    /// ISO 3166-1 alpha-2 of its country.
    pub country: String,
    /// Its first-level division's name (empty if unknown).
    pub admin1: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: PlaceKind,
    /// The name to draw on a map ("Stepanakert / Khankendi").
    pub label: String,
    /// Other names, `|`-separated (one allocation for all of them).
    alt_names: String,
}

impl Place {
    /// Other names it goes by.
    pub fn alt_names(&self) -> impl Iterator<Item = &str> {
        self.alt_names.split('|').filter(|n| !n.is_empty())
    }

    /// Every name: its own, then the others.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.alt_names())
    }
}

/// A place found by a name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Match<'a> {
    pub place: &'a Place,
    /// The name or alias that matched.
    pub matched: &'a str,
    /// Whether the whole name matched (not only its beginning).
    pub exact: bool,
    /// Whether it was the place's own name, not one of its other names.
    pub own_name: bool,
}

impl Match<'_> {
    /// How good a match it is, best first: the whole of a place's own name,
    /// the whole of another of its names ("Goris" is also a name of Gori,
    /// Georgia), then a beginning.
    fn rank(&self) -> u8 {
        match (self.exact, self.own_name) {
            (true, true) => 0,
            (true, false) => 1,
            (false, true) => 2,
            (false, false) => 3,
        }
    }
}

/// A line of the places table that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct GazetteerError {
    pub line: usize,
    pub message: String,
}

/// The columns of the places table, in order.
pub const COLUMNS: [&str; 11] = [
    "geonameid",
    "name",
    "ascii",
    "country",
    "admin1",
    "lat",
    "lon",
    "population",
    "kind",
    "label",
    "alt_names",
];

/// Every place, with an index of their names.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    /// Biggest population first.
    places: Vec<Place>,
    /// (folded name, place, which of its names), sorted by the folded name:
    /// made on the first search (drawing towns needs none).
    index: OnceLock<Vec<(Box<str>, u32, u16)>>,
}

impl Gazetteer {
    /// Reads the tab-separated places table (see [`COLUMNS`]).
    pub fn from_tsv(text: &str) -> Result<Self, GazetteerError> {
        let mut lines = text.lines().enumerate();
        let header: Vec<&str> = lines
            .next()
            .map(|(_, l)| l.split('\t').collect())
            .unwrap_or_default();
        if header != COLUMNS {
            return Err(GazetteerError {
                line: 1,
                message: format!("the header should be {}", COLUMNS.join(", ")),
            });
        }
        let mut places = Vec::new();
        for (k, line) in lines {
            let bad = |message: String| GazetteerError { line: k + 1, message };
            let f: Vec<&str> = line.split('\t').collect();
            let [
                _,
                name,
                _,
                country,
                admin1,
                lat,
                lon,
                population,
                kind,
                label,
                alt_names,
            ] = f[..]
            else {
                return Err(bad(format!("{} fields, not {}", f.len(), COLUMNS.len())));
            };
            let number = |text: &str, what: &str| -> Result<f64, GazetteerError> {
                text.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| bad(format!("{what} '{text}' is not a number")))
            };
            places.push(Place {
                name: name.to_string(),
                country: country.to_string(),
                admin1: admin1.to_string(),
                lat: number(lat, "lat")?,
                lon: number(lon, "lon")?,
                population: if population.is_empty() {
                    0
                } else {
                    population
                        .parse()
                        .map_err(|_| bad(format!("population '{population}' is not a count")))?
                },
                kind: PlaceKind::parse(kind).ok_or_else(|| bad(format!("kind '{kind}' is not known")))?,
                label: if label.is_empty() { name } else { label }.to_string(),
                alt_names: alt_names.to_string(),
            });
        }
        Ok(Self::new(places))
    }

    /// The gazetteer of `places` (in any order).
    pub fn new(mut places: Vec<Place>) -> Self {
        places.sort_by_key(|p| std::cmp::Reverse(p.population));
        Self {
            places,
            index: OnceLock::new(),
        }
    }

    fn index(&self) -> &[(Box<str>, u32, u16)] {
        self.index.get_or_init(|| Self::make_index(&self.places))
    }

    fn make_index(places: &[Place]) -> Vec<(Box<str>, u32, u16)> {
        let mut index = Vec::new();
        for (k, place) in places.iter().enumerate() {
            let mut seen: Vec<Box<str>> = Vec::new();
            for (n, name) in place.names().enumerate() {
                let key: Box<str> = fold(name).into();
                if key.is_empty() || seen.contains(&key) {
                    continue;
                }
                seen.push(key.clone());
                index.push((key, k as u32, n.min(usize::from(u16::MAX)) as u16));
            }
        }
        index.sort_unstable();
        index
    }

    /// Every place, the most populous first.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The towns (capitals and cities), the most populous first.
    pub fn towns(&self) -> impl Iterator<Item = &Place> {
        self.places.iter().filter(|p| p.kind.is_town())
    }

    /// The name of the country with this ISO alpha-2 code.
    pub fn country_name(&self, code: &str) -> Option<&str> {
        self.places
            .iter()
            .find(|p| p.kind == PlaceKind::Country && p.country.eq_ignore_ascii_case(code))
            .map(|p| p.name.as_str())
    }

    /// "Goris, Syunik, Armenia": a place with its division and country, to
    /// say which of the places of that name it is.
    pub fn describe(&self, place: &Place) -> String {
        let mut text = place.name.clone();
        if !place.admin1.is_empty() && place.admin1 != place.name {
            text.push_str(", ");
            text.push_str(&place.admin1);
        }
        if place.kind != PlaceKind::Country {
            let country = self.country_name(&place.country).unwrap_or(&place.country);
            if !country.is_empty() {
                text.push_str(", ");
                text.push_str(country);
            }
        }
        text
    }

    /// Places whose name or alias is `query` or begins with it, in any case
    /// and with or without diacritics: whole-name matches first, then by
    /// population. `country` (ISO alpha-2, any case) keeps that country's.
    pub fn search(&self, query: &str, country: Option<&str>) -> Vec<Match<'_>> {
        let key = fold(query);
        if key.is_empty() {
            return Vec::new();
        }
        let index = self.index();
        let from = index.partition_point(|(k, _, _)| k.as_ref() < key.as_str());
        let mut found: Vec<Match> = Vec::new();
        for (k, place, name) in index[from..].iter().take_while(|(k, _, _)| k.starts_with(&key)) {
            let Some(p) = self.places.get(*place as usize) else {
                continue;
            };
            if country.is_some_and(|c| !p.country.eq_ignore_ascii_case(c.trim())) {
                continue;
            }
            let candidate = Match {
                place: p,
                matched: p.names().nth(usize::from(*name)).unwrap_or(&p.name),
                exact: k.len() == key.len(),
                own_name: *name == 0,
            };
            // A place once, by its best match.
            match found.iter_mut().find(|m| std::ptr::eq(m.place, p)) {
                Some(m) if candidate.rank() < m.rank() => *m = candidate,
                Some(_) => {}
                None => found.push(candidate),
            }
        }
        found.sort_by_key(|m| (m.rank(), std::cmp::Reverse(m.place.population)));
        found
    }

    /// The place a name most likely means: a whole-name match, preferring
    /// `country` (ISO alpha-2) when given, then a place's own name over
    /// another of its names, then towns before divisions and countries of
    /// the same name, then the most populous.
    pub fn best(&self, name: &str, country: Option<&str>) -> Option<&Place> {
        let exact = |m: &Match| m.exact;
        let in_country = country.and_then(|c| self.search(name, Some(c)).into_iter().find(exact));
        in_country
            .or_else(|| {
                let mut all: Vec<Match> = self.search(name, None).into_iter().filter(exact).collect();
                all.sort_by_key(|m| {
                    (
                        m.rank(),
                        !m.place.kind.is_town(),
                        std::cmp::Reverse(m.place.population),
                    )
                });
                all.into_iter().next()
            })
            .map(|m| m.place)
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.name)?;
        if !self.admin1.is_empty() && self.admin1 != self.name {
            write!(f, ", {}", self.admin1)?;
        }
        if !self.country.is_empty() {
            write!(f, ", {}", self.country)?;
        }
        Ok(())
    }
}

/// A name as it is looked up: Latin letters without diacritics (other
/// scripts transliterated), lower case, words separated by one space.
pub fn fold(name: &str) -> String {
    // Schwa (Azerbaijani "Xankəndi") is written "e" in Latin transliteration;
    // deunicode would make it "@".
    let name: std::borrow::Cow<str> = if name.contains(['ə', 'Ə', 'ǝ', 'Ǝ']) {
        name.replace(['ə', 'Ə', 'ǝ', 'Ǝ'], "e").into()
    } else {
        name.into()
    };
    let ascii = deunicode::deunicode(&name);
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '\'' || c == '`' {
            // "Shi'a", "A`ana": an apostrophe joins.
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "geonameid\tname\tascii\tcountry\tadmin1\tlat\tlon\tpopulation\tkind\tlabel\talt_names
379555\tEl Fasher\tEl Fasher\tSD\tNorth Darfur\t13.62793\t25.34936\t252609\tcity\tEl Fasher\tAl-Fasir|Al Fashir|Al Fāshir
146970\tKhankendi\tKhankendi\tAZ\tKhankendi (Stepanakert)\t39.8177\t46.7528\t2100\tcity\tStepanakert / Khankendi\tStepanakert|Xankandi|Xankəndi
616635\tGoris\tGoris\tAM\tSyunik\t39.5111\t46.3383\t20300\tcity\tGoris\t
615532\tGori\tGori\tGE\tShida Kartli\t41.98\t44.11\t41933\tcity\tGori\tGoris
1\tGoris\tGoris\tXX\t\t1.0\t1.0\t10\tcity\tGoris\t
2\tGorisville\tGorisville\tUS\tTexas\t30.0\t-97.0\t900000\tcity\tGorisville\t
174982\tArmenia\tArmenia\tAM\t\t40.2\t44.9\t2956900\tcountry\tArmenia\tRepublic of Armenia
";

    #[test]
    fn names_fold_to_plain_lower_case() {
        assert_eq!(fold("Xankəndi"), "xankendi");
        assert_eq!(fold("  Al-Fāshir "), "al fashir");
        assert_eq!(fold("Stati Uniti d'America"), "stati uniti damerica");
        assert_eq!(fold("Kharkiv / Харків"), "kharkiv kharkiv");
    }

    #[test]
    fn a_place_is_found_by_its_name_and_its_aliases_in_any_spelling() {
        let g = Gazetteer::from_tsv(TABLE).unwrap();
        for query in ["Khankendi", "xankandi", "STEPANAKERT", "Xankəndi"] {
            let found = g.search(query, None);
            assert_eq!(found.len(), 1, "{query}");
            assert_eq!(found[0].place.name, "Khankendi");
            assert!(found[0].exact);
        }
        assert_eq!(g.search("Stepanakert", None)[0].matched, "Stepanakert");
        let fasher = g.search("al fashir", None);
        assert_eq!(fasher[0].place.name, "El Fasher");
        assert_eq!(fasher[0].matched, "Al Fashir");
        assert!(g.search("Atlantis", None).is_empty());
        assert!(g.search("  ", None).is_empty());
    }

    #[test]
    fn whole_names_come_before_prefixes_then_the_most_populous() {
        let g = Gazetteer::from_tsv(TABLE).unwrap();
        let found: Vec<(&str, &str, bool)> = g
            .search("goris", None)
            .iter()
            .map(|m| (m.place.name.as_str(), m.place.country.as_str(), m.exact))
            .collect();
        // Own names before other names ("Goris" is also a name of Gori), then population.
        assert_eq!(
            found,
            [
                ("Goris", "AM", true),
                ("Goris", "XX", true),
                ("Gori", "GE", true),
                ("Gorisville", "US", false)
            ]
        );
        assert_eq!(g.search("goris", Some("am")).len(), 1);
        assert_eq!(g.best("Goris", None).map(|p| p.country.as_str()), Some("AM"));
        assert_eq!(
            g.best("Goris", Some("XX")).map(|p| p.country.as_str()),
            Some("XX")
        );
        assert_eq!(g.best("Armenia", None).map(|p| p.kind), Some(PlaceKind::Country));
        assert_eq!(g.towns().count(), 6);
        let goris = g.best("Goris", None).unwrap();
        assert_eq!(g.describe(goris), "Goris, Syunik, Armenia");
    }

    #[test]
    fn a_bad_line_names_its_number_and_field() {
        let bad = TABLE.replace("39.8177", "north");
        let e = Gazetteer::from_tsv(&bad).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("lat 'north'"), "{e}");
        assert!(Gazetteer::from_tsv("name\tlat\n").is_err());
    }
}
