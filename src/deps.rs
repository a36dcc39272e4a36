//! What each output read while it was made, so that the preview can make again only the outputs
//! an edit changes.
//!
//! Reads are recorded where the site model is read, not guessed from templates: a page's
//! summary (`Shared::summary`), its title in the navigation or the breadcrumbs, a data file
//! (`Data::get`), the template a file was rendered with. Recording is per thread: rendering one
//! output runs on one thread from start to end, so [`recording`] around it collects exactly its
//! reads. Outside [`recording`] (an ordinary `greenprint build`) [`read`] does nothing.

use std::cell::RefCell;
use std::collections::BTreeSet;

/// Something an output can read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    /// The front matter of a page (title, date, description, what its summary shows), by its
    /// index in `Site::pages`. A page's body is read only by its own output.
    Page(usize),
    /// Every page's front matter: outputs that look over the whole site (feeds, the calendar,
    /// posters) say so rather than listing each page.
    AnyPage,
    /// The dates (`date`, `updated`) of pages, which the sitemap shows for every page.
    Dates,
    /// A data file, by name: `units` for data/units.yaml.
    Data(String),
    /// A template, by name (what it extends or includes is worked out from the theme).
    Template(String),
}

thread_local! {
    static READS: RefCell<Option<BTreeSet<Input>>> = const { RefCell::new(None) };
}

/// Notes that the output being made on this thread read `input`.
pub fn read(input: Input) {
    READS.with(|reads| {
        if let Some(set) = reads.borrow_mut().as_mut() {
            set.insert(input);
        }
    });
}

/// Runs `f` and returns what it read. Calls nest: the inner call's reads are also the outer's.
pub fn recording<T>(f: impl FnOnce() -> T) -> (T, BTreeSet<Input>) {
    let outer = READS.with(|reads| reads.borrow_mut().replace(BTreeSet::new()));
    let result = f();
    let inner = READS.with(|reads| reads.borrow_mut().take()).unwrap_or_default();
    if let Some(mut outer) = outer {
        outer.extend(inner.iter().cloned());
        READS.with(|reads| *reads.borrow_mut() = Some(outer));
    }
    (result, inner)
}

/// Runs `f`, recording what it read only when `track` is set.
pub fn recording_if<T>(track: bool, f: impl FnOnce() -> T) -> (T, BTreeSet<Input>) {
    if track { recording(f) } else { (f(), BTreeSet::new()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_recorded_only_inside_recording() {
        read(Input::Page(1));
        let ((), reads) = recording(|| {
            read(Input::Page(2));
            read(Input::Data("units".into()));
            read(Input::Page(2));
        });
        assert_eq!(
            reads.into_iter().collect::<Vec<_>>(),
            [Input::Page(2), Input::Data("units".into())]
        );
        let ((), after) = recording(|| ());
        assert!(after.is_empty(), "nothing leaks from one recording into the next");
    }

    #[test]
    fn nested_recordings_give_their_reads_to_the_outer_one() {
        let ((inner, ()), outer) = recording(|| {
            read(Input::Page(1));
            let ((), inner) = recording(|| read(Input::Page(2)));
            (inner, ())
        });
        assert_eq!(inner.into_iter().collect::<Vec<_>>(), [Input::Page(2)]);
        assert_eq!(outer.into_iter().collect::<Vec<_>>(), [Input::Page(1), Input::Page(2)]);
    }
}
