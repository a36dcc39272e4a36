//! The lines of a typeset material, read back from its layout, and the typographic rules the
//! issue of a print shop's proofreader checks: no Chinese line ends with one character alone, no
//! line starts with closing punctuation, no number is parted from its unit.

use crate::typography::{is_han, unit_follows};
use typst::layout::{Frame, FrameItem, PagedDocument, Point, Transform};

/// A line of text as laid out: where it starts and its text.
#[derive(Debug, Clone)]
pub struct Line {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub end_x: f64,
    pub size: f64,
    pub text: String,
}

struct Run {
    x: f64,
    y: f64,
    end_x: f64,
    size: f64,
    text: String,
}

fn walk(frame: &Frame, ts: Transform, runs: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        let ts = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => walk(&group.frame, ts.pre_concat(group.transform), runs),
            FrameItem::Text(text) => {
                let origin = Point::zero().transform(ts);
                let scale = ts.sx.get();
                runs.push(Run {
                    x: origin.x.to_pt(),
                    y: origin.y.to_pt(),
                    end_x: origin.x.to_pt() + text.width().to_pt() * scale,
                    size: text.size.to_pt() * scale,
                    text: text.text.to_string(),
                });
            }
            _ => {}
        }
    }
}

/// Every line of every page: runs on one baseline that follow each other closely.
pub fn lines(document: &PagedDocument) -> Vec<Line> {
    let mut out = Vec::new();
    for (page, p) in document.pages.iter().enumerate() {
        let mut runs = Vec::new();
        walk(&p.frame, Transform::identity(), &mut runs);
        runs.sort_by(|a, b| {
            (a.y * 10.0)
                .round()
                .total_cmp(&(b.y * 10.0).round())
                .then(a.x.total_cmp(&b.x))
        });
        let mut current: Option<Line> = None;
        for run in runs {
            match current.as_mut() {
                Some(line)
                    if (line.y - run.y).abs() < 0.05 * run.size.max(1.0)
                        && run.x - line.end_x < 1.5 * run.size
                        && run.x >= line.x =>
                {
                    line.end_x = line.end_x.max(run.end_x);
                    // Runs are in visual order, left to right; a right-to-left line reads from
                    // its rightmost run, so that run comes first.
                    if is_rtl(&run.text) || is_rtl(&line.text) {
                        line.text.insert_str(0, &run.text);
                    } else {
                        line.text.push_str(&run.text);
                    }
                }
                _ => {
                    if let Some(line) = current.take() {
                        out.push(line);
                    }
                    current = Some(Line {
                        page,
                        x: run.x,
                        y: run.y,
                        end_x: run.end_x,
                        size: run.size,
                        text: run.text,
                    });
                }
            }
        }
        out.extend(current);
    }
    out
}

/// Whether a text is in a right-to-left script (Arabic, as Uyghur is written, or Hebrew).
fn is_rtl(text: &str) -> bool {
    text.chars().any(crate::locale::is_right_to_left)
}

/// Punctuation that closes and may not start a line.
const CLOSING: &str = "，。、；：？！）》」』】〕〉”’%‰℃,.;:?!)]}";

/// What breaks a rule, in words a proofreader would use.
#[derive(Debug, Clone, PartialEq)]
pub struct Fault {
    pub page: usize,
    pub line: String,
    pub rule: &'static str,
}

/// The lines that break the rules: a line of one Chinese character alone under a line of the
/// same paragraph, a line starting with closing punctuation, a number at the end of a line whose
/// unit starts the next.
pub fn faults(lines: &[Line]) -> Vec<Fault> {
    let mut faults = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        let Some(first) = text.chars().next() else {
            continue;
        };
        // The line above in the same paragraph: same start (or same end, for right-aligned
        // text), on the page, within two lines' height.
        let above = lines[..n].iter().rev().find(|l| {
            l.page == line.page
                && line.y > l.y
                && line.y - l.y < 2.2 * line.size.max(l.size)
                && ((l.x - line.x).abs() < 0.5 * line.size || (l.end_x - line.end_x).abs() < 0.5 * line.size)
                && (l.size - line.size).abs() < 0.5
        });
        let Some(above) = above else { continue };
        let letters: Vec<char> = text
            .chars()
            .filter(|c| !CLOSING.contains(*c) && !c.is_whitespace())
            .collect();
        if letters.len() == 1 && is_han(letters[0]) {
            faults.push(Fault {
                page: line.page,
                line: format!("{} | {}", above.text.trim(), text),
                rule: "a line ends with one character alone",
            });
        }
        if CLOSING.contains(first) {
            faults.push(Fault {
                page: line.page,
                line: format!("{} | {}", above.text.trim(), text),
                rule: "a line starts with closing punctuation",
            });
        }
        if above.text.trim_end().ends_with(|c: char| c.is_ascii_digit())
            && unit_follows(&text.chars().collect::<Vec<_>>())
        {
            faults.push(Fault {
                page: line.page,
                line: format!("{} | {}", above.text.trim(), text),
                rule: "a number is parted from its unit",
            });
        }
    }
    faults
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(y: f64, x: f64, text: &str) -> Line {
        Line {
            page: 0,
            x,
            y,
            end_x: x + 12.0 * text.chars().count() as f64,
            size: 12.0,
            text: text.to_owned(),
        }
    }

    #[test]
    fn a_character_alone_under_its_paragraph_is_a_fault() {
        let lines = [
            line(100.0, 10.0, "省一度电，惜一滴水，绿色生活从我家做"),
            line(116.0, 10.0, "起"),
        ];
        let found = faults(&lines);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, "a line ends with one character alone");
        // With its full stop it is still alone.
        assert_eq!(faults(&[lines[0].clone(), line(116.0, 10.0, "起。")]).len(), 1);
    }

    #[test]
    fn two_characters_a_title_and_lines_far_apart_are_not() {
        assert!(faults(&[line(100.0, 10.0, "绿色生活从我家"), line(116.0, 10.0, "做起")]).is_empty());
        // A one-character line with nothing above it (a title, a mark) is its own paragraph.
        assert!(faults(&[line(100.0, 10.0, "电")]).is_empty());
        // The next card, far below.
        assert!(faults(&[line(100.0, 10.0, "随手关灯"), line(300.0, 10.0, "电")]).is_empty());
    }

    #[test]
    fn closing_punctuation_and_parted_units_are_faults() {
        let f = faults(&[line(100.0, 10.0, "珍惜每一度电"), line(116.0, 10.0, "，每一滴水")]);
        assert_eq!(f[0].rule, "a line starts with closing punctuation");
        let f = faults(&[line(100.0, 10.0, "每年约可节约 15"), line(116.0, 10.0, "千瓦时电")]);
        assert_eq!(f[0].rule, "a number is parted from its unit");
    }
}
