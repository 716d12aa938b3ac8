//! Native throughput of `core::dates::parse`: `cargo run --release --example bench_dates`.

use legacy_token_guide::core::dates::{parse, Order};
use std::hint::black_box;
use std::time::{Duration, Instant};

const EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Okt.",
    "November",
    "Dez.",
];
const IT: [&str; 12] = [
    "gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic",
];
const ES: [&str; 12] = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
];
const FR: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];
const PT: [&str; 12] = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
];

/// Realistic "Created" values across all supported formats and languages.
fn corpus(n: usize) -> Vec<(String, Order)> {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut rnd = |k: u64| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) % k) as usize
    };
    (0..n)
        .map(|_| {
            let (y, m, d) = (2019 + rnd(7), 1 + rnd(12), 1 + rnd(28));
            let (mi, h, min) = (m - 1, rnd(24), rnd(60));
            match rnd(20) {
                0 => (format!("{y}-{m:02}-{d:02}"), Order::Unknown),
                1 => (
                    format!("{y}-{m:02}-{d:02}T{h:02}:{min:02}:00.123+02:00"),
                    Order::Unknown,
                ),
                2 => (
                    format!("Created On: {y}-{m:02}-{d:02} {h:02}:{min:02}"),
                    Order::Unknown,
                ),
                3 => (format!("Created on {} {d}, {y}", EN[mi]), Order::MonthFirst),
                4 => (
                    format!("Mon, {} {d}, {y} 10:{min:02} AM", EN[mi]),
                    Order::MonthFirst,
                ),
                5 => (format!("{m:02}/{d:02}/{y}"), Order::MonthFirst),
                6 => (format!("{d} {} {y}", EN[mi]), Order::DayFirst),
                7 => (format!("{d:02}/{m:02}/{y}"), Order::DayFirst),
                8 => (format!("{m:02}/{d:02}/{y}"), Order::Unknown),
                9 => (format!("创建日期：{y}年{m}月{d}日 星期日"), Order::Unknown),
                10 => (
                    format!("作成日 {y}/{m:02}/{d:02} {h:02}:{min:02}"),
                    Order::Unknown,
                ),
                11 => (format!("{y}년 {m}월 {d}일"), Order::Unknown),
                12 => (
                    format!("Erstellt am {d:02}.{m:02}.{y}, {h:02}:{min:02}"),
                    Order::DayFirst,
                ),
                13 => (format!("{d}. {} {y}", DE[mi]), Order::DayFirst),
                14 => (format!("{d} {} {y}", IT[mi]), Order::DayFirst),
                15 => (format!("{d} de {} de {y}", ES[mi]), Order::DayFirst),
                16 => (format!("{d} {} {y}", FR[mi]), Order::DayFirst),
                17 => (format!("{d} de {} de {y}", PT[mi]), Order::DayFirst),
                18 => (
                    format!("{d:02}/{m:02}/{y} {h:02}:{min:02}"),
                    Order::DayFirst,
                ),
                _ => ("Last used 3 days ago".to_string(), Order::Unknown),
            }
        })
        .collect()
}

fn main() {
    let strings = corpus(10_000);
    // Warm up caches and branch predictors.
    for (s, o) in &strings {
        black_box(parse(black_box(s), *o));
    }
    let start = Instant::now();
    let mut parsed = 0u64;
    while start.elapsed() < Duration::from_secs(1) {
        for (s, o) in &strings {
            black_box(parse(black_box(s), black_box(*o)));
        }
        parsed += strings.len() as u64;
    }
    let elapsed = start.elapsed();
    let rate = parsed as f64 / elapsed.as_secs_f64();
    println!(
        "native date parse: {} strings/s ({} strings, {} ms)",
        rate as u64,
        parsed,
        elapsed.as_millis()
    );
}
