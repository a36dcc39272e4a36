//! Turning a tip's stated assumptions into yearly savings with the factors in
//! `data/factors.yaml` (grid emission factor, prices), so that every figure can be checked.

use crate::content::Savings;
use crate::data::Data;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct YearlySavings {
    #[serde(serialize_with = "compact")]
    pub kwh: f64,
    #[serde(serialize_with = "compact")]
    pub water_m3: f64,
    #[serde(serialize_with = "compact")]
    pub petrol_litres: f64,
    #[serde(serialize_with = "compact")]
    pub co2_kg: f64,
    #[serde(serialize_with = "compact")]
    pub yuan: f64,
    /// The assumptions in the page's language.
    pub assumption: String,
}

/// Whole numbers print as `74`, not `74.0`.
fn compact<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// A factor's value from `data/factors.yaml`, if the site has it.
fn factor(data: &Data, name: &str) -> Option<f64> {
    data.get("factors")?.get(name)?.get("value")?.as_f64()
}

/// The factors a computation needs that the site's data lacks.
pub fn missing_factors(savings: &Savings, data: &Data) -> Vec<&'static str> {
    let mut needed = Vec::new();
    if savings.electricity.is_some() {
        needed.extend(["grid_emission", "electricity_price"]);
    }
    if savings.water.is_some() {
        needed.push("water_price");
    }
    if savings.petrol.is_some() {
        needed.extend(["petrol_emission", "petrol_price", "car_fuel_use"]);
    }
    needed.into_iter().filter(|n| factor(data, n).is_none()).collect()
}

/// Rounds to what is worth printing: whole numbers above 10, one decimal below.
fn round(x: f64) -> f64 {
    if x.abs() >= 10.0 {
        x.round()
    } else {
        (x * 10.0).round() / 10.0
    }
}

pub fn compute(savings: &Savings, data: &Data) -> YearlySavings {
    let f = |name| factor(data, name).unwrap_or(0.0);
    let kwh = savings
        .electricity
        .as_ref()
        .map(|e| e.watts * e.hours_per_day * e.days_per_year / 1000.0)
        .unwrap_or(0.0);
    let water_m3 = savings
        .water
        .as_ref()
        .map(|w| w.litres_per_day * w.days_per_year / 1000.0)
        .unwrap_or(0.0);
    let petrol_litres = savings
        .petrol
        .as_ref()
        .map(|p| p.km_per_day * p.days_per_year * f("car_fuel_use") / 100.0)
        .unwrap_or(0.0);
    let co2_kg = kwh * f("grid_emission") + petrol_litres * f("petrol_emission");
    let yuan = kwh * f("electricity_price") + water_m3 * f("water_price") + petrol_litres * f("petrol_price");
    YearlySavings {
        kwh: round(kwh),
        water_m3: round(water_m3),
        petrol_litres: round(petrol_litres),
        co2_kg: round(co2_kg),
        yuan: round(yuan),
        assumption: savings.assumption.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::schema::ElectricitySaving;

    #[test]
    fn an_led_bulb_saves_what_the_arithmetic_says() {
        let mut data = Data::default();
        data.files.insert(
            "factors".into(),
            serde_json::json!({"grid_emission": {"value": 0.5703}, "electricity_price": {"value": 0.56}}),
        );
        let savings = Savings {
            assumption: "51 W less, 4 h a day".into(),
            electricity: Some(ElectricitySaving {
                watts: 51.0,
                hours_per_day: 4.0,
                days_per_year: 365.0,
            }),
            water: None,
            petrol: None,
        };
        let y = compute(&savings, &data);
        assert_eq!(y.kwh, 74.0); // 51 × 4 × 365 / 1000 = 74.46
        assert_eq!(y.co2_kg, 42.0); // 74.46 × 0.5703 = 42.46
        assert_eq!(y.yuan, 42.0); // 74.46 × 0.56 = 41.7
        assert!(missing_factors(&savings, &data).is_empty());
    }
}
