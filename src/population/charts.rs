//! SVG charts of comparisons and reports (feature `charts`, drawn with plotters): the cost
//! of each program under both packs, the mean gain per household by income decile, and a
//! district's monthly spending by program.

#![allow(
    clippy::float_arithmetic,
    clippy::arithmetic_side_effects,
    reason = "a chart's coordinates are pixels and yuan as floats, for the picture only: the tables keep the exact amounts"
)]

use plotters::prelude::*;

use super::reform::{Breakdown, Comparison};
use super::report::Report;
use crate::model::{ProgramId, ProgramKind};
use crate::money::Money;

/// Yuan as a number for drawing only (the tables keep the exact amounts).
fn yuan(m: Money) -> f64 {
    m.yuan().try_into().unwrap_or(0.0)
}

const BASE: RGBColor = RGBColor(90, 110, 160);
const REFORM: RGBColor = RGBColor(220, 120, 50);

/// The colours of the lines of a spending chart, in turn.
const LINES: [RGBColor; 8] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
];

/// Draws with `draw` into an SVG of `size`, giving back its text (empty if drawing
/// failed, which drawing into memory does not).
fn svg(
    size: (u32, u32),
    draw: impl FnOnce(
        &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
    ) -> Result<(), Box<dyn std::error::Error>>,
) -> String {
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, size).into_drawing_area();
        if root.fill(&WHITE).is_err() || draw(&root).is_err() || root.present().is_err() {
            return String::new();
        }
    }
    text
}

/// Draws the legend of `chart`'s series, boxed on a light background.
fn legend<'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
) -> Result<(), Box<dyn std::error::Error>> {
    chart
        .configure_series_labels()
        .border_style(BLACK)
        .background_style(WHITE.mix(0.8))
        .draw()?;
    Ok(())
}

/// The largest of `values`, at least 1 (an axis needs a range).
fn top(values: impl Iterator<Item = f64>) -> f64 {
    values.fold(1.0, f64::max) * 1.1
}

impl Comparison {
    /// A bar chart, as SVG: per program that pays under either pack, its cost over the
    /// range under the base (blue) and the reform (orange), in yuan.
    pub fn cost_chart_svg(&self) -> String {
        let rows: Vec<(ProgramId, f64, f64)> = self
            .programs
            .iter()
            .filter(|(p, c)| {
                p.kind() != ProgramKind::Service && !(c.base.is_zero() && c.reform.is_zero())
            })
            .map(|(p, c)| (*p, yuan(c.base), yuan(c.reform)))
            .collect();
        let n = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
        let max = top(rows.iter().flat_map(|(_, b, r)| [*b, *r]));
        svg((900, 500), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    format!(
                        "Cost by program: {} vs {}",
                        self.base_pack, self.reform_pack
                    ),
                    ("sans-serif", 16),
                )
                .margin(12)
                .x_label_area_size(90)
                .y_label_area_size(90)
                .build_cartesian_2d((0u32..n).into_segmented(), 0f64..max)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(rows.len().max(1))
                .x_label_formatter(&|x| {
                    let (SegmentValue::Exact(i) | SegmentValue::CenterOf(i)) = x else {
                        return String::new();
                    };
                    rows.get(*i as usize)
                        .map(|(p, _, _)| p.to_string())
                        .unwrap_or_default()
                })
                .y_desc("yuan")
                .draw()?;
            // Each program's segment: the base bar on its left half, the reform on its right.
            let bars = |pick: fn(&(ProgramId, f64, f64)) -> f64, left: bool, colour: RGBColor| {
                rows.iter().enumerate().map(move |(i, row)| {
                    let i = u32::try_from(i).unwrap_or(0);
                    let (x0, x1) = if left {
                        (SegmentValue::Exact(i), SegmentValue::CenterOf(i))
                    } else {
                        (
                            SegmentValue::CenterOf(i),
                            SegmentValue::Exact(i.saturating_add(1)),
                        )
                    };
                    Rectangle::new([(x0, 0.0), (x1, pick(row))], colour.filled())
                })
            };
            chart
                .draw_series(bars(|r| r.1, true, BASE))?
                .label("base")
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], BASE.filled()));
            chart
                .draw_series(bars(|r| r.2, false, REFORM))?
                .label("reform")
                .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], REFORM.filled()));
            legend(&mut chart)
        })
    }

    /// A bar chart, as SVG: the mean change of a household's total over the range (reform
    /// minus base, yuan) in each decile of per-capita counted income before transfers.
    pub fn decile_chart_svg(&self) -> String {
        let rows: Vec<(String, f64)> = self
            .groups(Breakdown::Decile)
            .map(|g| {
                let mean = yuan(g.reform - g.base) / (g.households.max(1) as f64);
                (g.group.clone(), mean)
            })
            .collect();
        let n = u32::try_from(rows.len()).unwrap_or(u32::MAX).max(1);
        let high = top(rows.iter().map(|(_, v)| *v));
        let low = rows.iter().map(|(_, v)| *v).fold(0.0, f64::min) * 1.1;
        svg((700, 450), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption(
                    "Mean change per household by income decile",
                    ("sans-serif", 16),
                )
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(80)
                .build_cartesian_2d(0u32..n, low..high)?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(rows.len().max(1))
                .x_label_formatter(&|i| {
                    rows.get(*i as usize)
                        .map(|(d, _)| d.clone())
                        .unwrap_or_default()
                })
                .x_desc("decile of per-capita counted income before transfers")
                .y_desc("yuan per household")
                .draw()?;
            chart.draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
                let i = u32::try_from(i).unwrap_or(0);
                Rectangle::new([(i, 0.0), (i.saturating_add(1), *v)], REFORM.filled())
            }))?;
            Ok(())
        })
    }
}

impl Report {
    /// A line chart, as SVG: the money paid in each month of the report by each program
    /// that pays, in yuan.
    pub fn spending_chart_svg(&self) -> String {
        let months = self.months();
        let programs: Vec<ProgramId> = self
            .programs()
            .iter()
            .copied()
            .filter(|p| p.kind() != ProgramKind::Service && !self.range(*p).amount.is_zero())
            .collect();
        let series: Vec<(ProgramId, Vec<f64>)> = programs
            .iter()
            .map(|&p| {
                (
                    p,
                    months
                        .iter()
                        .map(|&m| yuan(self.month(m, p).amount))
                        .collect(),
                )
            })
            .collect();
        let n = u32::try_from(months.len()).unwrap_or(u32::MAX).max(1);
        let max = top(series.iter().flat_map(|(_, v)| v.iter().copied()));
        svg((900, 500), |root| {
            let mut chart = ChartBuilder::on(root)
                .caption("Monthly spending by program", ("sans-serif", 16))
                .margin(12)
                .x_label_area_size(40)
                .y_label_area_size(90)
                .right_y_label_area_size(10)
                .build_cartesian_2d(0u32..n.saturating_sub(1).max(1), 0f64..max)?;
            chart
                .configure_mesh()
                .x_labels(months.len().max(1))
                .x_label_formatter(&|i| {
                    months
                        .get(*i as usize)
                        .map(ToString::to_string)
                        .unwrap_or_default()
                })
                .y_desc("yuan")
                .draw()?;
            for (k, (program, values)) in series.iter().enumerate() {
                let colour = LINES.get(k % LINES.len()).copied().unwrap_or(BLACK);
                chart
                    .draw_series(LineSeries::new(
                        values
                            .iter()
                            .enumerate()
                            .map(|(i, v)| (u32::try_from(i).unwrap_or(0), *v)),
                        colour.stroke_width(2),
                    ))?
                    .label(program.to_string())
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2))
                    });
            }
            legend(&mut chart)
        })
    }
}
