//! GeoParquet's WKB (and PostGIS's EWKB) points.

/// A WKB (or EWKB) point's longitude and latitude; `None` for an empty point.
pub fn wkb_point(bytes: &[u8]) -> Result<Option<[f64; 2]>, String> {
    let short = || format!("a WKB geometry of {} bytes is cut short", bytes.len());
    let little = match bytes.first() {
        Some(1) => true,
        Some(0) => false,
        _ => return Err("not a WKB geometry (its byte-order byte is neither 0 nor 1)".into()),
    };
    let u32_at = |at: usize| -> Result<u32, String> {
        let b: [u8; 4] = bytes
            .get(at..at + 4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(short)?;
        Ok(if little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    };
    let f64_at = |at: usize| -> Result<f64, String> {
        let b: [u8; 8] = bytes
            .get(at..at + 8)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(short)?;
        Ok(if little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    };
    let kind = u32_at(1)?;
    // EWKB flags (Z, M, SRID) above the ISO type code (1, 1001, 2001, 3001).
    let has_srid = kind & 0x2000_0000 != 0;
    let code = (kind & 0x0FFF_FFFF) % 1000;
    if code != 1 {
        let name = match code {
            2 => "a LineString",
            3 => "a Polygon",
            4 => "a MultiPoint",
            5 => "a MultiLineString",
            6 => "a MultiPolygon",
            7 => "a GeometryCollection",
            _ => "not a geometry chronomap knows",
        };
        return Err(format!(
            "the geometry is {name}; chronomap reads points from GeoParquet"
        ));
    }
    let at = if has_srid { 9 } else { 5 };
    let (x, y) = (f64_at(at)?, f64_at(at + 8)?);
    if x.is_nan() && y.is_nan() {
        return Ok(None);
    }
    Ok(Some([x, y]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wkb_points_in_both_byte_orders_with_and_without_srid() {
        let mut le = vec![1u8, 1, 0, 0, 0];
        le.extend(45.5f64.to_le_bytes());
        le.extend(39.8f64.to_le_bytes());
        assert_eq!(wkb_point(&le).unwrap(), Some([45.5, 39.8]));
        let mut be = vec![0u8, 0, 0, 0, 1];
        be.extend(45.5f64.to_be_bytes());
        be.extend(39.8f64.to_be_bytes());
        assert_eq!(wkb_point(&be).unwrap(), Some([45.5, 39.8]));
        let mut ewkb = vec![1u8, 1, 0, 0, 0x20];
        ewkb.extend(4326u32.to_le_bytes());
        ewkb.extend(45.5f64.to_le_bytes());
        ewkb.extend(39.8f64.to_le_bytes());
        assert_eq!(wkb_point(&ewkb).unwrap(), Some([45.5, 39.8]));
        let mut empty = vec![1u8, 1, 0, 0, 0];
        empty.extend(f64::NAN.to_le_bytes());
        empty.extend(f64::NAN.to_le_bytes());
        assert_eq!(wkb_point(&empty).unwrap(), None);
        assert!(wkb_point(&le[..12]).unwrap_err().contains("cut short"));
        assert!(wkb_point(&[1, 3, 0, 0, 0]).unwrap_err().contains("a Polygon"));
        assert!(wkb_point(&[7]).is_err());
    }
}
