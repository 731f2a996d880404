//! The vote model: latent support from the alignment graph, drafts from the record and from
//! specs, and the errors a bad spec gets.

use veto_sim::vote::{DraftSpec, ModelParams, Support, parse_draft_spec, vote_probabilities};
use veto_sim::world::{ActionKind, World};

#[test]
fn support_follows_the_formula() {
    let world = World::embedded().unwrap();
    let params = ModelParams::embedded().unwrap();
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    assert_eq!(draft.sponsors, ["DEU", "FRA", "GBR", "PRT"]);
    assert_eq!(draft.targets, ["SYR"]);
    assert_eq!(draft.kind, ActionKind::Condemnation);
    assert!(draft.atrocity);
    let graph = world.alignment_graph(None).unwrap();
    let support = Support::new(world, &graph, &params, &draft);
    for code in ["RUS", "FRA", "SYR", "BRA"] {
        let i = world.state_index(code).unwrap();
        let with_sponsors: f64 = draft
            .sponsors
            .iter()
            .map(|s| world.agreement(code, s, None).unwrap())
            .sum::<f64>()
            / 4.0;
        let s = with_sponsors - world.agreement(code, "SYR", None).unwrap();
        let mut mu = params.intercept_of(ActionKind::Condemnation)
            + params.align * s
            + params.member_of(code);
        if draft.sponsors.iter().any(|c| c == code) {
            mu += params.sponsor;
        }
        if code == "SYR" {
            mu -= params.target;
        }
        assert!(
            (support.mu[i] - mu).abs() < 1e-12,
            "{code}: {} vs {mu}",
            support.mu[i]
        );
        assert!((support.score[i] - s).abs() < 1e-12);
    }
    // A sponsor supports its draft more than the target does.
    let (fra, syr) = (
        world.state_index("FRA").unwrap(),
        world.state_index("SYR").unwrap(),
    );
    assert!(support.mu[fra] > support.mu[syr] + params.sponsor);
}

#[test]
fn vote_probabilities_sum_to_one() {
    for (mu, eta, cut) in [(0.3, -0.2, 0.13), (-2.0, 0.5, 1.2), (4.0, 0.0, 0.5)] {
        let p = vote_probabilities(mu, eta, cut);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(p.iter().all(|x| *x >= 0.0));
    }
}

#[test]
fn an_unannotated_or_partly_known_draft_drops_unknown_terms() {
    let world = World::embedded().unwrap();
    let unannotated = world
        .drafts
        .iter()
        .find(|d| d.annotation.is_none())
        .unwrap();
    let spec = DraftSpec::from_record(world, &unannotated.id).unwrap();
    assert!(spec.sponsors.is_empty() && spec.targets.is_empty());
    assert_eq!(spec.kind, ActionKind::Unknown);
    assert!(!spec.notes.is_empty());
}

fn spec_error(text: &str) -> String {
    let world = World::embedded().unwrap();
    let err = parse_draft_spec(text, "draft.yaml", world).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    err.to_string()
}

#[test]
fn a_draft_spec_parses() {
    let world = World::embedded().unwrap();
    let spec = parse_draft_spec(
        "name: aid\nyear: 2026\nsponsors: [irl, NOR]\ntargets: [SYR]\nkind: ceasefire-humanitarian\natrocity: true\n",
        "aid.yaml",
        world,
    )
    .unwrap();
    assert_eq!(spec.id, "aid");
    assert_eq!(spec.sponsors, ["IRL", "NOR"]);
    assert!(spec.atrocity);
}

#[test]
fn bad_draft_specs_name_line_and_key() {
    let m = spec_error("year: 2026\nsponsors: [FRA, GBP]\n");
    assert!(
        m.starts_with("draft.yaml:2:")
            && m.contains("key `sponsors`")
            && m.contains("did you mean `GBR`"),
        "{m}"
    );
    let m = spec_error("year: 2026\nsponsors: [FRA]\ntargets: [SYR, FRA]\n");
    assert!(
        m.starts_with("draft.yaml:3:")
            && m.contains("key `targets`")
            && m.contains("both a sponsor and a target"),
        "{m}"
    );
    let m = spec_error("year: 1950\nsponsors: [FRA]\n");
    assert!(
        m.starts_with("draft.yaml:1:")
            && m.contains("key `year`")
            && m.contains("no Council for 1950"),
        "{m}"
    );
    let m = spec_error("year: 2026\nkind: sanction\n");
    assert!(
        m.contains("key `kind`") && m.contains("did you mean `sanctions`"),
        "{m}"
    );
    let m = spec_error("year: 2026\ncolour: red\n");
    assert!(m.starts_with("draft.yaml:2") && m.contains("colour"), "{m}");
}

#[test]
fn an_unknown_symbol_suggests_the_nearest() {
    let world = World::embedded().unwrap();
    let err = DraftSpec::from_record(world, "S/2011/61").unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("did you mean `S/2011/"), "{err}");
}

#[test]
fn a_member_effect_shifts_only_that_members_support() {
    let world = World::embedded().unwrap();
    let base = ModelParams::embedded().unwrap();
    let mut shifted = base.clone();
    *shifted.member.entry("BRA".to_string()).or_insert(0.0) += 0.5;
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    let graph = world.alignment_graph(None).unwrap();
    let a = Support::new(world, &graph, &base, &draft);
    let b = Support::new(world, &graph, &shifted, &draft);
    for (i, state) in world.states.iter().enumerate() {
        let d = b.mu[i] - a.mu[i];
        let want = if state.code == "BRA" { 0.5 } else { 0.0 };
        assert!((d - want).abs() < 1e-12, "{}: {d}", state.code);
    }
}

#[test]
fn an_unknown_member_in_a_scenario_model_names_its_line_and_the_nearest_state() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.yaml");
    std::fs::write(
        &path,
        "name: s\ndrafts: [S/2011/612]\nrules: [present]\nmodel:\n  member: { FRN: -1.0 }\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["run", path.to_str().unwrap(), "-q", "--no-flows"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("s.yaml:5:") && err.contains("model.member.FRN") && err.contains("`FRA`"),
        "{err}"
    );
}
