//! Realistic synthetic UCDP GED CSV for benchmarks: the real column set,
//! events spread over the map window and over 1989–2024, UCDP's date
//! precisions and a skewed death toll.

use std::fmt::Write as _;

/// The columns of UCDP GED (version 23), in order.
pub const COLUMNS: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low";

/// A small deterministic generator (PCG-style), so runs compare.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(
            seed.wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407),
        )
    }
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 32) as u32
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        f64::from(self.next_u32()) / f64::from(u32::MAX)
    }
    pub fn below(&mut self, n: u32) -> u32 {
        self.next_u32() % n.max(1)
    }
}

const SIDES: [(&str, &str); 6] = [
    ("Government of Azerbaijan", "Republic of Artsakh"),
    ("Government of Azerbaijan", "Government of Armenia"),
    ("Government of Georgia", "Republic of Abkhazia"),
    (
        "Government of Russia (Soviet Union)",
        "Forces of the Caucasus Emirate",
    ),
    ("Government of Iran", "PJAK"),
    ("Government of Turkey", "PKK"),
];
const PLACES: [&str; 8] = [
    "village",
    "town",
    "district",
    "border post",
    "highway",
    "hills",
    "city",
    "valley",
];

/// Writes `n` events as UCDP GED CSV (header included).
pub fn write_csv(n: usize, seed: u64, out: &mut String) {
    let mut rng = Rng::new(seed);
    out.push_str(COLUMNS);
    out.push('\n');
    let first = chrono::NaiveDate::from_ymd_opt(1989, 1, 1).unwrap_or_default();
    let span_days = 36 * 365;
    for id in 0..n {
        let (side_a, side_b) = SIDES[rng.below(SIDES.len() as u32) as usize];
        // Clustered in space: a few hot spots plus a uniform background.
        let (lon, lat) = if rng.below(3) == 0 {
            (42.0 + 9.5 * rng.unit(), 37.5 + 5.7 * rng.unit())
        } else {
            let hot = [
                (46.75, 39.82),
                (45.67, 39.84),
                (43.4, 42.2),
                (45.6, 42.9),
                (44.8, 41.7),
            ];
            let (x, y) = hot[rng.below(hot.len() as u32) as usize];
            (x + 0.6 * (rng.unit() - 0.5), y + 0.4 * (rng.unit() - 0.5))
        };
        let start = first + chrono::Days::new(u64::from(rng.below(span_days)));
        let prec = match rng.below(100) {
            0..=69 => 1,
            70..=79 => 2,
            80..=87 => 3,
            88..=95 => 4,
            _ => 5,
        };
        let len_days = match prec {
            1 => 0,
            2 => 1 + rng.below(5),
            3 => 6,
            4 => 8 + rng.below(22),
            _ => 31 + rng.below(330),
        };
        let end = start + chrono::Days::new(u64::from(len_days));
        // Most events kill few; a few kill many.
        let best = match rng.below(100) {
            0..=59 => rng.below(3),
            60..=94 => 3 + rng.below(20),
            _ => 25 + rng.below(500),
        };
        let low = best.saturating_sub(rng.below(best / 2 + 1));
        let high = best + rng.below(best / 2 + 2);
        let year = start.format("%Y");
        let place = PLACES[rng.below(PLACES.len() as u32) as usize];
        let _ = writeln!(
            out,
            "{id},GEN-{id},{year},TRUE,Clear,{tov},{cid},{cid},\"{side_a} - {side_b}\",{did},{did},\"{side_a} - {side_b}\",1,1,{side_a},2,2,{side_b},1,\"Synthetic source {id}\",,{start},\"Clashes near {place} {id}\",,1,\"{place} {id}\",\"{place} {id}\",Province {p},District {d},{lat:.5},{lon:.5},POINT ({lon:.5} {lat:.5}),0,Country,0,Europe,1,{prec},{start} 00:00:00.000,{end} 00:00:00.000,0,0,0,{best},{best},{high},{low}",
            tov = 1 + rng.below(3),
            cid = 300 + rng.below(20),
            did = 500 + rng.below(40),
            p = rng.below(30),
            d = rng.below(200),
        );
    }
}
