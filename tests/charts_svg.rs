//! Charts are well-formed SVG that hold the expected series, labels, units and source: each
//! is parsed with an XML parser and its texts and shapes are checked.

use std::process::Command;

use veto_sim::charts::{
    Bar, FlowYear, Flows, HeatMap, Lines, Replay, Series, compare_chart, flows_chart, replay_chart,
    sweep_heatmap, sweep_lines,
};

/// The texts of an SVG document, and the number of elements of each kind.
struct Svg {
    texts: Vec<String>,
    rects: usize,
    polylines: usize,
    polygons: usize,
    circles: usize,
}

fn parse(svg: &str) -> Svg {
    let doc = roxmltree::Document::parse(svg).expect("the chart is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let count = |name: &str| root.descendants().filter(|n| n.has_tag_name(name)).count();
    Svg {
        texts: root
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| n.text().unwrap_or("").trim().to_string())
            .collect(),
        rects: count("rect"),
        polylines: count("polyline"),
        polygons: count("polygon"),
        circles: count("circle"),
    }
}

impl Svg {
    fn has(&self, text: &str) -> bool {
        self.texts.iter().any(|t| t == text)
    }

    /// Whether the texts, joined by spaces (a wrapped source line), contain `part`.
    fn contains(&self, part: &str) -> bool {
        self.texts.join(" ").contains(part)
    }
}

#[test]
fn compare_chart_has_a_bar_and_an_interval_per_rule() {
    let rules = [
        "present",
        "abolish-veto",
        "two-negatives",
        "assembly-override",
    ];
    let bars: Vec<Bar> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| Bar {
            label: r.to_string(),
            value: 0.2 + 0.15 * i as f64,
            lower: 0.18 + 0.15 * i as f64,
            upper: 0.22 + 0.15 * i as f64,
        })
        .collect();
    let svg = parse(&compare_chart("Draft S/2011/612", &bars, "Source: test data").unwrap());
    for r in rules {
        assert!(svg.has(r), "axis label {r}");
    }
    assert!(svg.has("Draft S/2011/612"));
    assert!(svg.has("probability of adoption (0-1)"));
    assert!(svg.has("rule"));
    assert!(svg.has("Source: test data"));
    assert!(svg.has("95% interval") && svg.has("probability of adoption"));
    assert!(svg.has("0.200") && svg.has("0.650"), "values over the bars");
    // A background, the bars, the legend's box and swatch.
    assert!(svg.rects > rules.len(), "{} rects", svg.rects);
    // One interval per rule plus the legend's.
    assert!(svg.polylines >= rules.len(), "{} polylines", svg.polylines);
}

#[test]
fn replay_chart_groups_rules_by_decade() {
    let r = Replay {
        title: "Vetoed drafts replayed".into(),
        decades: vec![
            "1990s".into(),
            "2000s".into(),
            "2010s".into(),
            "2020s".into(),
        ],
        drafts: Some(vec![4.0, 9.0, 20.0, 14.0]),
        rules: vec![
            ("present".into(), vec![0.5, 1.0, 3.0, 2.0]),
            ("abolish-veto".into(), vec![2.0, 5.0, 12.0, 9.0]),
        ],
        source: "Source: veto record, replay".into(),
    };
    let svg = parse(&replay_chart(&r).unwrap());
    for d in ["1990s", "2000s", "2010s", "2020s"] {
        assert!(svg.has(d), "{d}");
    }
    for t in [
        "present",
        "abolish-veto",
        "drafts in the record (vetoed or failed)",
        "decade of the vote",
        "drafts adopted (expected number per decade)",
        "Vetoed drafts replayed",
        "Source: veto record, replay",
    ] {
        assert!(svg.has(t), "{t}");
    }
    // 4 outlines + 2 × 4 bars + legend.
    assert!(svg.rects >= 12, "{} rects", svg.rects);
}

#[test]
fn flows_chart_has_recorded_counterfactual_band_and_split() {
    let years: Vec<FlowYear> = (2011..=2020)
        .map(|y| {
            let r = 1e5 * (y - 2010) as f64;
            FlowYear {
                year: y,
                recorded: r,
                counterfactual: r * 0.6,
                lower90: r * 0.4,
                upper90: r * 0.8,
            }
        })
        .collect();
    let f = Flows {
        title: "Syria: refugees with and without intervention".into(),
        y_label: "refugees (people, new outflow per year)".into(),
        years,
        split_label: "refugees averted, by destination (people)".into(),
        split: vec![
            ("neighbours".into(), 3e5),
            ("rest of the region".into(), 1e5),
            ("Europe".into(), 2e5),
        ],
        source: "Source: UCDP, UNHCR".into(),
    };
    let svg = parse(&flows_chart(&f).unwrap());
    for t in [
        "recorded",
        "counterfactual, mean",
        "counterfactual, 90% band",
        "neighbours",
        "rest of the region",
        "Europe",
        "year",
        "refugees (people, new outflow per year)",
        "refugees averted, by destination (people)",
        "By year",
        "Where they would have gone",
        "Source: UCDP, UNHCR",
        "Syria: refugees with and without intervention",
        "2015",
    ] {
        assert!(svg.has(t), "{t}");
    }
    assert!(svg.polylines >= 2, "recorded and counterfactual lines");
    assert!(svg.polygons >= 1, "the 90% band");
    assert!(svg.has("300k") && svg.has("200k"), "split values");
}

#[test]
fn sweep_lines_have_a_line_and_band_per_rule() {
    let xs = [0.0, 0.25, 0.5, 0.75, 1.0];
    let l = Lines {
        title: "Sweep: adoption along restraint.compliance".into(),
        x_label: "restraint.compliance".into(),
        x: xs.iter().map(|x| x.to_string()).collect(),
        x_numeric: Some(xs.to_vec()),
        y_label: "probability of adoption (0-1)".into(),
        series: ["present", "restraint"]
            .iter()
            .enumerate()
            .map(|(k, n)| Series {
                name: n.to_string(),
                points: xs
                    .iter()
                    .map(|x| {
                        let p = 0.3 + k as f64 * 0.1 * x;
                        (p, p - 0.01, p + 0.01)
                    })
                    .collect(),
            })
            .collect(),
        source: "Source: sweep".into(),
    };
    let svg = parse(&sweep_lines(&l).unwrap());
    for t in [
        "present",
        "restraint",
        "restraint.compliance",
        "probability of adoption (0-1)",
        "Source: sweep",
    ] {
        assert!(svg.has(t), "{t}");
    }
    assert!(svg.has("0") && svg.has("1"), "numeric ticks");
    assert!(svg.polylines >= 2, "one line per rule");
    assert_eq!(svg.polygons, 2, "one band per rule");
    // Each rule its own marker: circles for the first, squares for the second.
    assert_eq!(svg.circles, 5 + 1, "one marker per point, and the legend's");
    assert!(
        svg.rects > 5,
        "squares and a background: {} rects",
        svg.rects
    );
}

#[test]
fn sweep_heatmap_labels_every_cell() {
    let h = HeatMap {
        title: "Sweep: adoption by quota and negatives".into(),
        x_label: "quota".into(),
        x: vec!["9".into(), "10".into(), "11".into(), "12".into()],
        y_label: "veto.negatives_to_block".into(),
        y: vec!["1".into(), "2".into(), "3".into()],
        z: (0..3)
            .map(|j| (0..4).map(|i| 0.1 * i as f64 + 0.2 * j as f64).collect())
            .collect(),
        z_label: "probability of adoption (0-1)".into(),
        source: "Source: sweep".into(),
    };
    let svg = parse(&sweep_heatmap(&h).unwrap());
    for t in [
        "quota",
        "veto.negatives_to_block",
        "9",
        "12",
        "3",
        "Source: sweep",
    ] {
        assert!(svg.has(t), "{t}");
    }
    assert!(svg.has("probability of adoption (0-1)"), "colour bar label");
    assert!(svg.has("0.700") && svg.has("0.000"), "cell values");
    let values = svg
        .texts
        .iter()
        .filter(|t| t.len() == 5 && t.starts_with("0."))
        .count();
    assert!(values >= 12, "a value per cell: {values}");
    assert!(svg.rects >= 12 + 40, "cells and colour bar: {}", svg.rects);
}

#[test]
fn sweep_and_merge_draw_their_charts() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("s.yaml");
    std::fs::write(
        &sweep,
        "base: enlarged-councils\nrules: [present, restraint]\ntrials: 100\naxes:\n  - { field: quota, values: [9, 10, 11] }\n  - { field: restraint.compliance, values: [0, 0.5, 1] }\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let p = |n: &str| dir.path().join(n).display().to_string();
    let s = sweep.display().to_string();
    run(&[
        "sweep",
        &s,
        "--out",
        &p("a"),
        "-q",
        "--plot",
        &p("heat.svg"),
        "--plot-rule",
        "restraint",
    ]);
    let heat = parse(&std::fs::read_to_string(p("heat.svg")).unwrap());
    assert!(heat.contains("adoption under `restraint` by quota and restraint.compliance"));
    assert!(heat.has("quota") && heat.has("restraint.compliance") && heat.has("0.5"));
    assert!(heat.contains("Source: veto-sim"));
    run(&["sweep", &s, "--out", &p("b0"), "-q", "--shard", "0/2"]);
    run(&["sweep", &s, "--out", &p("b1"), "-q", "--shard", "1/2"]);
    run(&[
        "merge",
        &p("b0"),
        &p("b1"),
        "--out",
        &p("m"),
        "-q",
        "--plot",
        &p("lines.svg"),
        "--plot-axes",
        "quota",
    ]);
    let lines = parse(&std::fs::read_to_string(p("lines.svg")).unwrap());
    assert!(lines.has("present") && lines.has("restraint"));
    assert!(
        lines.contains("fixed: restraint.compliance = 0"),
        "{:?}",
        lines.texts
    );
    assert_eq!(
        lines.circles,
        3 + 1,
        "3 quotas of the first rule, and its legend"
    );
    // A bad axis name is refused before anything runs.
    let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args([
            "sweep",
            &s,
            "--out",
            &p("c"),
            "--plot",
            &p("x.svg"),
            "--plot-axes",
            "quorum",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `quota`"));
    assert!(!dir.path().join("c").exists());
}

/// Runs the binary with `args` in `dir`.
fn veto_sim(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// Runs the binary with `args` in `dir`, expects success and parses the chart `file` of `dir`.
fn plot(dir: &std::path::Path, args: &[&str], file: &str) -> (Svg, String) {
    let out = veto_sim(dir, args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    assert!(text.starts_with("<svg"));
    (
        parse(&text),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn compare_plot_draws_adoption_by_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, stdout) = plot(
        dir.path(),
        &[
            "compare",
            "--draft",
            "S/2011/612",
            "--trials",
            "2000",
            "-q",
            "--plot",
            "c.svg",
        ],
        "c.svg",
    );
    for r in [
        "present",
        "abolish-veto",
        "two-negatives",
        "restraint",
        "assembly-override",
        "g4",
    ] {
        assert!(svg.has(r), "bar {r}");
    }
    assert!(svg.contains("Draft S/2011/612 before the 2011 Council"));
    assert!(svg.has("rule") && svg.has("probability of adoption (0-1)"));
    assert!(svg.has("95% interval"));
    assert!(svg.contains("Source: veto-sim"), "{:?}", svg.texts);
    assert!(svg.contains("vote model") && svg.contains("2000 trials"));
    assert!(svg.contains("seed 1"));
    assert!(svg.polylines >= 6, "one interval per rule");
    // The table still goes to standard output.
    assert!(stdout.contains("Probability of adoption"), "{stdout}");
}

#[test]
fn replay_plot_draws_adoption_by_decade() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, stdout) = plot(
        dir.path(),
        &[
            "replay", "--since", "2011", "--trials", "500", "--plot", "r.svg",
        ],
        "r.svg",
    );
    assert!(svg.has("2010s") && svg.has("2020s"));
    assert!(!svg.has("2000s"), "only decades of the selection");
    for t in [
        "present",
        "abolish-veto",
        "two-negatives",
        "drafts in the record (vetoed or failed)",
        "decade of the vote",
        "drafts adopted (expected number per decade)",
    ] {
        assert!(svg.has(t), "{t}");
    }
    assert!(svg.contains("since 2011"));
    assert!(svg.contains("Source: veto-sim"));
    assert!(svg.contains("expected number adopted = drafts adopted on the recorded votes"));
    assert!(svg.contains("500 trials"));
    assert!(stdout.contains("By decade"), "{stdout}");
}

#[test]
fn flows_plot_draws_one_conflict_by_year() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, stdout) = plot(
        dir.path(),
        &[
            "flows",
            "--conflict",
            "syria",
            "--reforms",
            "abolish-veto",
            "--trials",
            "2000",
            "-q",
            "--plot",
            "f.svg",
        ],
        "f.svg",
    );
    assert!(svg.contains("Syria"), "{:?}", svg.texts);
    assert!(svg.contains("under `abolish-veto`"));
    for t in [
        "recorded",
        "counterfactual, mean",
        "counterfactual, 90% band",
        "year",
        "refugees (people, new outflow per year)",
        "By year",
        "Where they would have gone",
        "neighbours",
        "rest of the region",
        "Europe",
        "elsewhere",
        "2012",
        "2020",
    ] {
        assert!(svg.has(t), "{t}");
    }
    assert!(svg.contains("Source: veto-sim"));
    assert!(svg.contains("UNHCR"));
    assert!(svg.polylines >= 2, "recorded and counterfactual lines");
    assert!(svg.polygons >= 1, "the 90% band");
    assert!(
        stdout.contains("syria: refugees averted by year"),
        "{stdout}"
    );
}

#[test]
fn flows_plot_needs_one_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let refused = |args: &[&str], message: &str| {
        let out = veto_sim(dir.path(), args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "{args:?} wrote {left:?}");
    };
    refused(&["flows", "--plot", "x.svg"], "exactly one --conflict");
    refused(
        &["flows", "--conflict", "syria,yemen", "--plot", "x.svg"],
        "exactly one --conflict",
    );
    refused(
        &["flows", "--conflict", "syria", "--plot", "x.png"],
        "name it FILE.svg",
    );
    refused(
        &[
            "flows",
            "--conflict",
            "syria",
            "--reforms",
            "abolish-veto",
            "--plot",
            "x.svg",
            "--plot-rule",
            "abolish",
        ],
        "did you mean `abolish-veto`",
    );
    refused(
        &["compare", "--draft", "S/2011/612", "--plot", "c.pdf"],
        "name it FILE.svg",
    );
    refused(&["replay", "--plot", "nowhere/r.svg"], "no folder");
}

/// The fill colours of the elements named `tag`, without white.
fn fills(svg: &str, tag: &str) -> std::collections::BTreeSet<String> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.root_element()
        .descendants()
        .filter(|n| n.has_tag_name(tag))
        .filter_map(|n| n.attribute("fill").map(str::to_uppercase))
        .filter(|f| f != "#FFFFFF" && f != "NONE")
        .collect()
}

const CATALOG: [&str; 12] = [
    "present",
    "council-1945",
    "abolish-veto",
    "qualified-10",
    "two-negatives",
    "restraint",
    "assembly-override",
    "g4",
    "ezulwini",
    "uniting-for-consensus",
    "model-a",
    "model-b",
];

#[test]
fn twelve_rules_each_have_their_own_colour_and_marker() {
    let r = Replay {
        title: "Replay of the catalog".into(),
        decades: vec!["2000s".into(), "2010s".into()],
        drafts: None,
        rules: CATALOG
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), vec![1.0 + i as f64, 2.0 + i as f64]))
            .collect(),
        source: "Source: test".into(),
    };
    let svg = replay_chart(&r).unwrap();
    let colours = fills(&svg, "rect");
    assert!(
        colours.len() >= 12,
        "{} bar colours: {colours:?}",
        colours.len()
    );
    // Markers of several shapes: circles, squares, polygons (triangles, diamonds), lines.
    let parsed = parse(&svg);
    assert!(parsed.circles >= 2 * 2, "circles and rings");
    assert!(parsed.polygons >= 3 * 2, "triangles and diamonds");
    let l = Lines {
        title: "Sweep of the catalog".into(),
        x_label: "x".into(),
        x: vec!["0".into(), "1".into()],
        x_numeric: Some(vec![0.0, 1.0]),
        y_label: "probability of adoption (0-1)".into(),
        series: CATALOG
            .iter()
            .enumerate()
            .map(|(i, n)| Series {
                name: n.to_string(),
                points: vec![(0.05 * i as f64, f64::NAN, f64::NAN); 2],
            })
            .collect(),
        source: "Source: test".into(),
    };
    let svg = sweep_lines(&l).unwrap();
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let strokes: std::collections::BTreeSet<String> = doc
        .root_element()
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .filter_map(|n| n.attribute("stroke").map(str::to_uppercase))
        .collect();
    assert!(strokes.len() >= 12, "{} line colours", strokes.len());
}

/// In a line chart, in SVG pixels: the data points (markers), the right edge of the plot's
/// frame (its axes, ticks and grid, drawn one pixel wide), and where the legend labels start.
fn data_frame_and_legend(svg: &str, names: &[&str]) -> (Vec<f64>, f64, Vec<f64>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).and_then(|v| v.parse::<f64>().ok());
    let (mut data, mut right, mut legend) = (Vec::new(), f64::MIN, Vec::new());
    for n in doc.root_element().descendants() {
        if n.has_tag_name("circle") {
            data.push(num(&n, "cx").unwrap());
        } else if n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("1") {
            for p in n.attribute("points").unwrap_or("").split_whitespace() {
                let x: f64 = p.split(',').next().unwrap().parse().unwrap();
                right = right.max(x);
            }
        } else if n.has_tag_name("text") && names.contains(&n.text().unwrap_or("").trim()) {
            legend.push(num(&n, "x").unwrap());
        }
    }
    (data, right, legend)
}

#[test]
fn sweep_legend_leaves_the_data_clear() {
    // High values at the left, where a legend in the upper-left corner would sit.
    let xs = [0.0, 0.05, 0.1, 0.5, 1.0];
    let names = ["present", "restraint", "two-negatives"];
    let l = Lines {
        title: "Sweep: adoption along restraint.compliance".into(),
        x_label: "restraint.compliance".into(),
        x: xs.iter().map(|x| x.to_string()).collect(),
        x_numeric: Some(xs.to_vec()),
        y_label: "probability of adoption (0-1)".into(),
        series: names
            .iter()
            .enumerate()
            .map(|(k, n)| Series {
                name: n.to_string(),
                points: xs
                    .iter()
                    .map(|x| {
                        let p = 0.9 - 0.5 * x - 0.05 * k as f64;
                        (p, p - 0.02, p + 0.02)
                    })
                    .collect(),
            })
            .collect(),
        source: "Source: sweep".into(),
    };
    let (data, frame_right, legend) = data_frame_and_legend(&sweep_lines(&l).unwrap(), &names);
    assert_eq!(legend.len(), names.len(), "a legend label per rule");
    // The first rule's markers are circles: inside the frame.
    let inside = data.iter().filter(|x| **x <= frame_right).count();
    assert!(
        inside >= xs.len(),
        "{inside} points inside the frame (right edge {frame_right})"
    );
    for x in &legend {
        assert!(
            *x > frame_right,
            "legend label at x = {x} is inside the plot (its right edge at {frame_right})"
        );
    }
}

#[test]
fn sweep_plot_draws_refugees_averted() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, _) = plot(
        dir.path(),
        &[
            "sweep",
            "model-priors",
            "--out",
            "mp",
            "--trials",
            "200",
            "-q",
            "--plot",
            "mp.svg",
            "--plot-metric",
            "refugees-averted",
            "--plot-axes",
            "flows.effect_scale",
        ],
        "mp.svg",
    );
    assert!(
        svg.contains("refugees averted along flows.effect_scale"),
        "{:?}",
        svg.texts
    );
    assert!(svg.has("refugees averted (people; mean and 90% interval)"));
    // A sweep without flows has no refugee figures to draw: a usage error.
    let out = veto_sim(
        dir.path(),
        &[
            "sweep",
            "restraint-compliance",
            "--out",
            "rc",
            "--trials",
            "100",
            "-q",
            "--plot",
            "rc.svg",
            "--plot-metric",
            "europe-averted",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("flows: true"));
}
