//! Web Mercator's y, shared by the map and the spatial index so that a
//! distance on screen is the same in every direction.

use std::f64::consts::PI;

/// Latitudes beyond this do not project.
pub const MAX_LAT: f64 = 85.0;

/// Mercator's y for a latitude, in "degrees" so that x (longitude) and y share a scale.
pub fn mercator_y(lat: f64) -> f64 {
    let phi = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    (PI / 4.0 + phi / 2.0).tan().ln().to_degrees()
}

/// The latitude for a Mercator y (inverse of [`mercator_y`]).
pub fn mercator_lat(y: f64) -> f64 {
    y.to_radians().sinh().atan().to_degrees()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_fixed_points() {
        assert!(mercator_y(0.0).abs() < 1e-12);
        for lat in [-60.0, -10.0, 39.8, 41.7, 80.0] {
            assert!((mercator_lat(mercator_y(lat)) - lat).abs() < 1e-9);
        }
        assert!(
            mercator_y(41.0) - mercator_y(40.0) > 1.0,
            "stretched north-south at 40°"
        );
    }
}
