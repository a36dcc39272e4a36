//! Every line the import prints, in one place: each is an English sentence built from a fixed
//! pattern, so that the catalogue (src/diagnostics/zh/import.yaml) can translate it, and each
//! says in plain words what happened to a setting or a folder and what to do next.

use super::model::{Generator, PLACEHOLDER_ADDRESS};
use crate::diagnostics::catalogue::translate;
use serde_json::Value;
use std::path::Path;

/// What the import did, to be printed once it has done it.
#[derive(Debug, Clone)]
pub struct Report {
    pub read_from: String,
    /// Settings taken over: what they are, where from, where to.
    pub mapped: Vec<String>,
    /// Folders copied or left where they are.
    pub folders: Vec<String>,
    /// Settings and folders that were not taken over, each with why.
    pub not_mapped: Vec<String>,
    /// What to check or change before publishing.
    pub notes: Vec<String>,
    pub site_yaml: String,
    pub next: String,
}

impl Report {
    pub fn new(generator: Generator, src: &Path, files: &str, site_yaml: &Path, target: &Path) -> Report {
        Report {
            read_from: format!(
                "read the {} site in {}, its settings from {}",
                generator.name(),
                src.display(),
                files
            ),
            mapped: Vec::new(),
            folders: Vec::new(),
            not_mapped: Vec::new(),
            notes: Vec::new(),
            site_yaml: site_yaml.display().to_string(),
            next: format!("next: run `greenprint build --root {}`", target.display()),
        }
    }

    /// The report as printed, in `lang` where the catalogue has its lines.
    pub fn render(&self, lang: &str) -> String {
        let mut out = String::new();
        out.push_str(&translate(&self.read_from, lang));
        out.push('\n');
        let sections = [
            (format!("taken over into {}:", self.site_yaml), &self.mapped),
            ("folders:".to_owned(), &self.folders),
            ("not taken over:".to_owned(), &self.not_mapped),
            ("good to know:".to_owned(), &self.notes),
        ];
        for (heading, lines) in sections {
            if lines.is_empty() {
                continue;
            }
            out.push('\n');
            out.push_str(&translate(&heading, lang));
            out.push('\n');
            for line in lines {
                out.push_str("  ");
                out.push_str(&translate(line, lang));
                out.push('\n');
            }
        }
        out.push('\n');
        out.push_str(&translate(&self.next, lang));
        out.push('\n');
        out
    }
}

// Taken over.

pub fn title(sources: &str, target: &str) -> String {
    format!("the site's name: {sources} → {target}")
}

pub fn description(sources: &str, target: &str) -> String {
    format!("the description: {sources} → {target}")
}

pub fn base_url(source: &str, url: &str) -> String {
    format!("the site's address: {source} → base_url ({url})")
}

pub fn languages(sources: &str, shown: &str) -> String {
    format!("the languages: {sources} → languages ({shown})")
}

pub fn default_language(source: &str, code: &str) -> String {
    format!("the default language: {source} → default_language ({code})")
}

pub fn default_language_not_given(code: &str, generator: Generator) -> String {
    format!(
        "the default language: not given, so {code}, as in {} → default_language ({code})",
        generator.name()
    )
}

pub fn taxonomies(sources: &str, names: &str) -> String {
    format!("the groupings of pages: {sources} → taxonomies ({names})")
}

pub fn taxonomies_not_given(names: &str) -> String {
    format!("the groupings of pages: not given, so Hugo's own ({names}) → taxonomies")
}

pub fn taxonomies_turned_off() -> String {
    "the groupings of pages: none, as disableKinds turns them off → no taxonomies".to_owned()
}

pub fn search(source: &str, on: bool) -> String {
    format!("the search index: {source} → build.search ({on})")
}

pub fn extra(source: &str, count: usize) -> String {
    if count == 1 {
        format!("the theme's own settings: {source} (1 value) → extra")
    } else {
        format!("the theme's own settings: {source} ({count} values) → extra")
    }
}

// Folders.

pub fn copied(from: &str, to: &str, files: usize) -> String {
    if files == 1 {
        format!("{from}/ → {to}/ (1 file)")
    } else {
        format!("{from}/ → {to}/ ({files} files)")
    }
}

pub fn written_by_greenprint(path: &str, name: &str, in_place: bool) -> String {
    if in_place {
        format!(
            "{path}: greenprint writes its own {name}, and the build stops while this one is there: remove it from static/"
        )
    } else {
        format!("{path}: not copied; greenprint writes its own {name}")
    }
}

pub fn stays(folder: &str) -> String {
    format!("{folder}/ stays where it is")
}

pub fn content_dir_in_place(folder: &str) -> String {
    format!(
        "the pages are in {folder}/ (contentDir), and greenprint reads them from content/: rename {folder}/ to content/"
    )
}

pub fn content_dir_outside(given: &str) -> String {
    format!(
        "contentDir = {}: the pages are outside the site folder, so they were not read; copy them into content/",
        short_scalar(&Value::String(given.to_owned()))
    )
}

pub fn language_dir(folder: &str, code: &str) -> String {
    format!(
        "{folder}/ holds the pages in {code} (contentDir): greenprint reads content/{code}/ as that language's pages"
    )
}

pub fn language_dir_misnamed(folder: &str, code: &str) -> String {
    format!(
        "{folder}/ holds the pages in {code} (contentDir), but greenprint reads that language's pages from content/{code}/: rename the folder"
    )
}

pub fn language_dir_outside(folder: &str, code: &str, content: &str) -> String {
    format!(
        "{folder}/ holds the pages in {code} (contentDir), outside {content}/, so it was not copied: put it in the site as content/{code}/"
    )
}

pub fn link_outside(path: &str, target: &str) -> String {
    format!(
        "{path} is a link to {target}, outside the site folder: not copied; copy what it points to into the site if the pages need it"
    )
}

pub fn link_loop(path: &str) -> String {
    format!("{path} is a link to a folder that holds it: not copied")
}

pub fn link_broken(path: &str) -> String {
    format!("{path} is a link to something that does not exist: not copied")
}

// Not taken over.

/// A setting greenprint has nothing like, with the short form of its value.
pub fn unused_setting(key: &str, value: &Value) -> String {
    match value {
        Value::Object(map) if map.len() == 1 => {
            let (inner, value) = map.iter().next().expect("one entry");
            unused_setting(&format!("{key}.{inner}"), value)
        }
        Value::Object(map) => format!(
            "{key} (a group of {} settings): greenprint has no such setting",
            map.len()
        ),
        Value::Array(items) => {
            let inline = serde_json::to_string(value).unwrap_or_default();
            if inline.chars().count() <= 48 {
                format!("{key} = {inline}: greenprint has no such setting")
            } else if let [only] = items.as_slice() {
                format!("{key} = [{}]: greenprint has no such setting", short_scalar(only))
            } else {
                format!(
                    "{key} (a list of {} values): greenprint has no such setting",
                    items.len()
                )
            }
        }
        scalar => format!("{key} = {}: greenprint has no such setting", short_scalar(scalar)),
    }
}

/// A value as it is written, cut short after 40 characters.
fn short_scalar(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(38).collect();
        format!("{cut}…\"")
    } else {
        text
    }
}

pub fn menu(name: &str, entries: usize) -> String {
    let entries = entry_count(entries);
    format!(
        "the menu `{name}` ({entries}): greenprint's default theme makes its menu from the sections of content/, so it was not taken over"
    )
}

pub fn menu_in_language(name: &str, code: &str, entries: usize) -> String {
    let entries = entry_count(entries);
    format!(
        "the menu `{name}` in {code} ({entries}): greenprint's default theme makes its menu from the sections of content/, so it was not taken over"
    )
}

/// `1 entry`, `3 entries`: the catalogue has a pattern for each form.
fn entry_count(entries: usize) -> String {
    if entries == 1 {
        "1 entry".to_owned()
    } else {
        format!("{entries} entries")
    }
}

pub fn theme(name: &Value, generator: Generator) -> String {
    format!(
        "theme = {}: a {} theme is made of templates for {}, which greenprint cannot use; site.yaml has theme: default, greenprint's own",
        short_scalar(name),
        generator.name(),
        generator.name()
    )
}

pub fn language_turned_off(code: &str) -> String {
    format!("the language {code} is turned off in the settings, so it was left out")
}

pub fn taxonomy_name_unusable(name: &str) -> String {
    format!("the grouping `{name}` was left out: its name has characters that cannot be part of a web address")
}

pub fn unread_file(unread: &Path, instead: &Path, generator: Generator) -> String {
    format!(
        "{}: not read, as {} reads {} when both are there",
        crate::diagnostics::display_path(unread),
        generator.name(),
        crate::diagnostics::display_path(instead)
    )
}

/// A folder greenprint does not use, and why.
pub fn folder_not_used(folder: &str) -> Option<String> {
    let why = match folder {
        "layouts" => {
            "layouts/: not used; these are Hugo's page templates, written in Go's template language, and greenprint's theme has Tera templates of its own"
        }
        "themes" => {
            "themes/: not used; a Hugo or Zola theme is made of templates for that tool, and site.yaml has greenprint's own theme"
        }
        "archetypes" => {
            "archetypes/: not used; these are Hugo's outlines of new pages, and `greenprint new` writes pages of greenprint's own kinds"
        }
        "assets" => {
            "assets/: not used; these are files for Hugo to process, and greenprint's theme brings its own styles and scripts: put images the pages show into static/"
        }
        "i18n" => {
            "i18n/: not used; these are the words of Hugo's templates, and greenprint's theme has its own in each language"
        }
        "resources" => {
            "resources/: not used; Hugo keeps the images it resized there, and greenprint does not need them"
        }
        "templates" => {
            "templates/: not used; these are Zola's page templates, and greenprint's theme has templates of its own"
        }
        "sass" => "sass/: not used; these are Zola's styles, and greenprint's theme brings its own",
        _ => return None,
    };
    Some(why.to_owned())
}

pub fn config_folder(in_place: bool) -> String {
    if in_place {
        "config/: greenprint does not read it; its settings are now in site.yaml".to_owned()
    } else {
        "config/: not copied; its settings are now in site.yaml".to_owned()
    }
}

pub fn public_folder(generator: Generator, in_place: bool) -> String {
    if in_place {
        format!(
            "public/ holds the site {} built last: `greenprint build` will replace it with the site greenprint builds",
            generator.name()
        )
    } else {
        format!("public/: not copied; it holds the site {} built last", generator.name())
    }
}

pub fn environment_folder(folder: &str) -> String {
    format!(
        "{folder}/: not read; Hugo uses these settings only for builds in that environment, and site.yaml is greenprint's one set of settings"
    )
}

// Good to know.

pub fn chosen_by_keys(hugo_folders: &str, zola_folders: &str, generator: Generator, keys: &str) -> String {
    format!(
        "this folder has folders of Hugo ({hugo_folders}) and of Zola ({zola_folders}); its settings use {}'s keys ({keys}), so it was read as a {} site",
        generator.name(),
        generator.name()
    )
}

pub fn links_warn() -> String {
    "build.links is set to warn: a link to a page that does not exist is a warning, and the site is still published, so that it can go live while its links are fixed; set it to error once they are".to_owned()
}

pub fn address_not_full(key: &str, url: &str) -> String {
    format!(
        "{key} = {} is not a full web address: base_url is {} until you write the site's own address (https://...) in site.yaml",
        short_scalar(&Value::String(url.to_owned())),
        PLACEHOLDER_ADDRESS
    )
}

pub fn address_missing(key: &str) -> String {
    format!(
        "the settings give no address ({key}): base_url is {} until you write the site's own address (https://...) in site.yaml",
        PLACEHOLDER_ADDRESS
    )
}

pub fn title_missing(name: &str) -> String {
    format!("the settings give the site no name: site.yaml calls it {name} after its folder; write its real name there")
}

pub fn language_name_unknown(code: &str) -> String {
    format!(
        "greenprint does not know the name of the language {code}: the language switcher shows {code} until you write its own name in site.yaml (languages, name)"
    )
}

pub fn no_home_page(content: &str) -> String {
    format!(
        "{content}/ has no home page: greenprint needs {content}/_index.md, with a title in its front matter (---, title: ..., ---)"
    )
}

pub fn no_content(content: &str) -> String {
    format!("the site has no {content}/ folder: greenprint needs one, with a home page _index.md")
}

pub fn hugo_shortcodes(names: &[String]) -> String {
    format!(
        "the site's own shortcodes ({}) are Hugo templates in layouts/shortcodes/, which greenprint cannot run: write each as a Tera template templates/shortcodes/NAME.html; until then each use of one is a warning and its content is kept",
        names.join(", ")
    )
}

pub fn rename_before_build(folder: &str, generator: Generator, new_name: &str) -> String {
    format!(
        "{folder}/ is a folder greenprint reads for its own theme, and this one is written for {}: rename it (for example to {new_name}/) before you build",
        generator.name()
    )
}

pub fn data_not_read(files: usize, example: &str) -> String {
    if files == 1 {
        format!("data/ has a file greenprint does not read (it reads YAML and CSV): {example}")
    } else {
        format!("data/ has {files} files greenprint does not read (it reads YAML and CSV), for example {example}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One of every line, to check that the catalogue translates each.
    fn every_line() -> Vec<String> {
        let value = serde_json::json!({"a": 1, "b": 2});
        let list = serde_json::json!(["taxonomy", "term"]);
        let long_list = serde_json::json!(["a long value that goes on", "and on and on", "and on"]);
        let mut lines = vec![
            title("title", "title"),
            description("params.description", "description"),
            base_url("baseURL", "https://green.example.org/"),
            languages("languages", "zh 中文, en English"),
            default_language("defaultContentLanguage", "zh"),
            default_language_not_given("en", Generator::Hugo),
            taxonomies("taxonomies", "tags"),
            taxonomies_not_given("tags, categories"),
            taxonomies_turned_off(),
            search("build_search_index", false),
            extra("params", 2),
            extra("params", 1),
            copied("content", "new/content", 3),
            copied("static", "new/static", 1),
            written_by_greenprint("static/robots.txt", "robots.txt", true),
            written_by_greenprint("static/robots.txt", "robots.txt", false),
            stays("content"),
            content_dir_in_place("docs"),
            content_dir_outside("../pages"),
            language_dir("content/zh", "zh"),
            language_dir_misnamed("content/chinese", "zh"),
            language_dir_outside("zh-pages", "zh", "content"),
            link_outside("content/a.md", "/etc/passwd"),
            link_broken("content/a.md"),
            link_loop("content/a"),
            config_folder(true),
            config_folder(false),
            unused_setting("markup", &value),
            unused_setting("disableKinds", &list),
            unused_setting("outputs", &long_list),
            unused_setting("paginate", &serde_json::json!(10)),
            unused_setting("markup", &serde_json::json!({"goldmark": {"unsafe": true}})),
            menu("main", 3),
            menu("footer", 1),
            menu_in_language("footer", "zh", 1),
            menu_in_language("main", "en", 3),
            theme(&serde_json::json!("ananke"), Generator::Hugo),
            language_turned_off("fr"),
            taxonomy_name_unusable("my tags"),
            unread_file(Path::new("config.toml"), Path::new("hugo.toml"), Generator::Hugo),
            public_folder(Generator::Hugo, true),
            public_folder(Generator::Zola, false),
            environment_folder("config/production"),
            chosen_by_keys("layouts/", "templates/", Generator::Zola, "base_url"),
            links_warn(),
            address_not_full("baseURL", "/"),
            address_missing("baseURL"),
            title_missing("old-site"),
            language_name_unknown("xx"),
            no_home_page("content"),
            no_content("content"),
            rename_before_build("templates", Generator::Zola, "zola-templates"),
            hugo_shortcodes(&["tabs".to_owned(), "gallery".to_owned()]),
            data_not_read(2, "data/a.toml"),
            data_not_read(1, "data/a.toml"),
        ];
        for folder in crate::import::folders::NOT_USED {
            lines.extend(folder_not_used(folder));
        }
        let report = Report::new(
            Generator::Hugo,
            Path::new("old"),
            "hugo.toml",
            Path::new("new/site.yaml"),
            Path::new("new"),
        );
        lines.extend([
            report.read_from,
            report.next,
            format!("taken over into {}:", report.site_yaml),
            "folders:".to_owned(),
            "not taken over:".to_owned(),
            "good to know:".to_owned(),
        ]);
        lines
    }

    #[test]
    fn every_line_of_the_report_has_a_chinese_translation() {
        let untranslated: Vec<String> = every_line()
            .into_iter()
            .filter(|line| translate(line, "zh") == *line)
            .collect();
        assert!(
            untranslated.is_empty(),
            "add these to src/diagnostics/zh/import.yaml:\n{}",
            untranslated.join("\n")
        );
    }

    #[test]
    fn a_long_value_is_cut_short() {
        let line = unused_setting(
            "copyright",
            &serde_json::json!("© 2024 The Green Living Campaign of Changji and friends"),
        );
        assert!(
            line.starts_with("copyright = \"© 2024 The Green Living Campaign of"),
            "{line}"
        );
        assert!(line.contains("…\": greenprint has no such setting"), "{line}");
    }
}
