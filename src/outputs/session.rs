//! What the preview keeps between edits: what each output read, and the template engine with
//! the site it was built for, so that it makes again only the outputs an edit changes (see
//! `serve::incremental`).

use super::registry::{self, OutputId};
use crate::deps::Input;
use crate::diagnostics::Diagnostics;
use crate::output::Output;
use crate::render::context::Shared;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use tera::Tera;

/// What each output read, and what each page's summary read, with the reverse maps (who read
/// an input) that an edit looks up.
#[derive(Debug, Default)]
pub struct Graph {
    outputs: HashMap<OutputId, BTreeSet<Input>>,
    readers: HashMap<Input, BTreeSet<OutputId>>,
    /// Summaries show unit names, term labels (a campaign's title) and computed savings.
    summaries: Vec<BTreeSet<Input>>,
    summary_readers: HashMap<Input, BTreeSet<usize>>,
}

impl Graph {
    /// Notes what output `id` read when it was made last.
    pub fn record(&mut self, id: OutputId, reads: BTreeSet<Input>) {
        if let Some(old) = self.outputs.get(&id) {
            for input in old {
                if let Some(readers) = self.readers.get_mut(input) {
                    readers.remove(&id);
                }
            }
        }
        for input in &reads {
            self.readers.entry(input.clone()).or_default().insert(id.clone());
        }
        self.outputs.insert(id, reads);
    }

    /// Notes what the summary of page `index` read when it was made last.
    pub fn record_summary(&mut self, index: usize, reads: BTreeSet<Input>) {
        if self.summaries.len() <= index {
            self.summaries.resize(index + 1, BTreeSet::new());
        }
        for input in &self.summaries[index] {
            if let Some(readers) = self.summary_readers.get_mut(input) {
                readers.remove(&index);
            }
        }
        for input in &reads {
            self.summary_readers.entry(input.clone()).or_default().insert(index);
        }
        self.summaries[index] = reads;
    }

    /// The outputs that read any of `changed`, in a stable order. An output that looks over
    /// every page ([`Input::AnyPage`]) reads every page's change.
    pub fn readers(&self, changed: &BTreeSet<Input>) -> BTreeSet<OutputId> {
        let mut found = BTreeSet::new();
        let any_page = changed.iter().any(|i| matches!(i, Input::Page(_)));
        let inputs = changed.iter().chain(any_page.then_some(&Input::AnyPage));
        for input in inputs {
            if let Some(readers) = self.readers.get(input) {
                found.extend(readers.iter().cloned());
            }
        }
        found
    }

    /// The pages whose summaries read any of `changed`.
    pub fn summary_readers(&self, changed: &BTreeSet<Input>) -> BTreeSet<usize> {
        changed
            .iter()
            .filter_map(|input| self.summary_readers.get(input))
            .flatten()
            .copied()
            .collect()
    }
}

/// The template engine, the site it was built for, and what every output read: enough to make
/// any output again.
pub struct Session {
    pub shared: Arc<Shared>,
    pub tera: Tera,
    pub graph: Graph,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Session")
    }
}

impl Session {
    /// Makes `ids` again into `output`, on all cores, and records what they read this time.
    pub fn rerender(&mut self, ids: Vec<OutputId>, output: &Output, diagnostics: &mut Diagnostics) {
        for (id, reads, local) in registry::render_outputs(&self.shared, &self.tera, ids, output, true) {
            diagnostics.extend(local);
            self.graph.record(id, reads);
        }
    }

    /// Lets `change` edit the site model (and the summaries' reads) and rebuilds the template
    /// engine around the result. The engine's functions hold the model, so it is dropped first;
    /// when something else still holds the model, when `change` returns `false` or the templates
    /// do not load, `false` says that the session is spent and the site must be built again.
    pub fn update(
        &mut self,
        change: impl FnOnce(&mut Shared, &mut Graph) -> bool,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        drop(std::mem::take(&mut self.tera));
        let Some(shared) = Arc::get_mut(&mut self.shared) else {
            return false;
        };
        if !change(shared, &mut self.graph) {
            return false;
        }
        let before = diagnostics.error_count();
        self.tera = registry::template_engine(self.shared.clone(), diagnostics);
        diagnostics.error_count() == before
    }
}
