//! `greenprint new <kind> <title>`: a new page of a kind, in every language of the site, with the
//! front matter that kind needs and a slug from the title (pinyin for a Chinese title). It never
//! overwrites a file, and the page starts as a draft so that nothing half-written is published.

use crate::config::Config;
use crate::content::{CONTENT_DIR, PageKind, parse_source_name};
use crate::slug::slugify;
use std::path::{Path, PathBuf};

/// Creates the files and returns their paths, relative to the site root.
pub fn create(root: &Path, kind: PageKind, title: &str) -> Result<Vec<PathBuf>, String> {
    let config = Config::load(root).map_err(|d| d.render_terminal(false))?;
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(format!(
            "no address can be made from the title \"{title}\"; use a title with letters or Chinese characters"
        ));
    }
    let folder = section_for(root, &config, kind)?;
    let default = config.default_language();
    let mut files = Vec::new();
    for language in &config.languages {
        let name = if language.code == default {
            format!("{slug}.md")
        } else {
            format!("{slug}.{}.md", language.code)
        };
        files.push((folder.join(&name), language.code.clone()));
    }
    if let Some((existing, _)) = files.iter().find(|(f, _)| root.join(f).exists()) {
        return Err(format!(
            "{} already exists; nothing was written. Choose another title, or edit that file",
            existing.display()
        ));
    }
    for (file, lang) in &files {
        let text = front_matter(&config, kind, title, lang);
        let path = root.join(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    }
    Ok(files.into_iter().map(|(f, _)| f).collect())
}

/// The folder for pages of `kind`: the section whose `_index.md` says `page_kind: <kind>`, or the
/// top of content/ for plain pages.
fn section_for(root: &Path, config: &Config, kind: PageKind) -> Result<PathBuf, String> {
    let content = root.join(CONTENT_DIR);
    if kind == PageKind::Page {
        return Ok(PathBuf::from(CONTENT_DIR));
    }
    let wanted = format!("page_kind: {}", kind.as_str());
    // Links are reported by the build; here they are only left out.
    let files = crate::site_files::list(
        root,
        Path::new(CONTENT_DIR),
        crate::content::is_hidden,
        &mut Default::default(),
    );
    for relative in files {
        if relative.file_name().is_none_or(|n| n != "_index.md") {
            continue;
        }
        let shown = crate::diagnostics::display_path(&relative);
        let is_default = parse_source_name(&shown, config).is_ok_and(|n| n.lang == config.default_language());
        let text = crate::decode::read_text(&content.join(&relative));
        if is_default && text.lines().any(|l| l.trim() == wanted) {
            let folder = match relative.parent() {
                Some(section) if !section.as_os_str().is_empty() => Path::new(CONTENT_DIR).join(section),
                _ => PathBuf::from(CONTENT_DIR),
            };
            return Ok(folder);
        }
    }
    Err(format!(
        "no section holds {kind} pages: add `page_kind: {kind}` to the _index.md of the folder where they belong",
        kind = kind.as_str()
    ))
}

fn front_matter(config: &Config, kind: PageKind, title: &str, lang: &str) -> String {
    let zh = lang.starts_with("zh");
    let say = |zh_text: &str, en_text: &str| if zh { zh_text.to_owned() } else { en_text.to_owned() };
    let title_line = if lang == config.default_language() {
        title.to_owned()
    } else {
        say(title, &format!("{title} (translate me)"))
    };
    let mut lines = vec![
        "---".to_owned(),
        say(
            "# 这是草稿：写好后删除下一行 draft: true，页面才会发布。",
            "# This is a draft: delete the line `draft: true` when it is ready to publish.",
        ),
        "draft: true".to_owned(),
        format!("title: {}", quote(&title_line)),
        format!(
            "description: {}",
            quote(&say(
                "用一两句话说明这一页。",
                "One or two sentences saying what this page is about."
            ))
        ),
    ];
    match kind {
        PageKind::Campaign => lines.extend([
            "color: \"#1d6b3b\"".to_owned(),
            format!("audience: {}", quote(&say("创建对象", "Who the campaign is for"))),
            format!(
                "slogan: {}",
                quote(&say("一句适合海报的口号", "A short slogan for the poster"))
            ),
            "key_actions:".to_owned(),
            format!("  - {}", quote(&say("第一条行动", "First action"))),
            format!("  - {}", quote(&say("第二条行动", "Second action"))),
            format!("  - {}", quote(&say("第三条行动", "Third action"))),
        ]),
        PageKind::Action => lines.extend([
            format!("audience: {}", quote(&say("面向谁", "Who it is for"))),
            "activities:".to_owned(),
            format!("  - {}", quote(&say("第一项活动", "First activity"))),
        ]),
        _ => {}
    }
    if matches!(kind, PageKind::Campaign | PageKind::Action) {
        lines.extend([
            say(
                "lead_units: []      # data/units.yaml 中的单位编号",
                "lead_units: []      # ids from data/units.yaml",
            ),
            "partner_units: []".to_owned(),
            say(
                "source:             # data/sources.yaml 中的文件编号",
                "source:             # an id from data/sources.yaml",
            ),
        ]);
    }
    match kind {
        PageKind::Tip => {
            for taxonomy in &config.taxonomies {
                lines.push(format!("{}: []", taxonomy.name));
            }
            lines.push(say(
                "# 有可靠依据时可写节约量，例如：\n# savings:\n#   assumption: 一只10瓦的灯每天少开3小时，全年365天\n#   electricity: {watts: 10, hours_per_day: 3, days_per_year: 365}",
                "# Where an honest figure exists, add savings, e.g.:\n# savings:\n#   assumption: A 10 W lamp off for 3 more hours a day, all year\n#   electricity: {watts: 10, hours_per_day: 3, days_per_year: 365}",
            ));
        }
        PageKind::News => lines.push(format!("date: {}", today())),
        _ => {}
    }
    lines.push("---".to_owned());
    lines.push(say("在这里写正文。", "Write the page here."));
    lines.join("\n") + "\n"
}

/// Today's date for a new news item.
fn today() -> String {
    crate::content::build_day().format("%Y-%m-%d").to_string()
}

/// A YAML string in double quotes, so that colons and other characters are safe.
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}
