//! One evaluation of the pooled vote model's log-posterior and gradient on every vote the
//! world records (the unit of work of `veto-sim calibrate votes`).

use criterion::{Criterion, criterion_group, criterion_main};
use veto_sim::calibrate::data::VoteData;
use veto_sim::calibrate::pooled::likelihood::{log_posterior, start};
use veto_sim::calibrate::pooled::{FIT_NODES, Layout, PooledData, Priors};
use veto_sim::engine::GaussHermite;
use veto_sim::world::DraftFilter;
use veto_sim::world::{WindowChoice, World};

fn pooled_likelihood(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let contested =
        VoteData::from_world(world, &DraftFilter::default(), &WindowChoice::Era).unwrap();
    let data = PooledData::from_world(world, &contested);
    let layout = Layout {
        members: data.members.len(),
    };
    let theta = start(layout);
    let gh = GaussHermite::new(FIT_NODES);
    let mut grad = vec![0.0; layout.len()];
    c.bench_function("pooled_log_posterior_with_gradient", |b| {
        b.iter(|| {
            log_posterior(
                &data,
                &theta,
                layout,
                Priors::default(),
                &gh,
                Some(&mut grad),
            )
        })
    });
}

criterion_group!(benches, pooled_likelihood);
criterion_main!(benches);
