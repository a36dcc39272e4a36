//! The command line: `greenprint build`, `check`, `init`, `import`; exit 0 on success, 1 when the content
//! or config has errors, 2 on a usage error (clap's own exit code for those).

use crate::build::{self, BuildOptions};
use crate::diagnostics::catalogue::translate;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "greenprint",
    version,
    about = "Builds a bilingual green-living campaign site, with posters to print, from a folder of Markdown"
)]
pub struct Cli {
    /// The site folder (with site.yaml); the current folder by default.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Print more about what is done.
    #[arg(long, short, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into public/.
    Build {
        /// Write the site here instead of public/.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Use this address instead of base_url from site.yaml.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// No longer needed: every build makes the PDFs (kept so that older scripts still run).
        #[arg(long, hide = true)]
        pdf: bool,
    },
    /// Check the site for every problem a build would find, without publishing anything.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Preview the site at http://127.0.0.1:1111/, rebuilding and reloading on every save.
    Serve {
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; keep the default unless you know why.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
    },
    /// Create a new page in every language: campaign, action, tip, news or page.
    New {
        #[arg(value_enum)]
        kind: NewKind,
        /// The title; a Chinese title gets a pinyin address (绿色家庭 → lv-se-jia-ting).
        title: String,
    },
    /// Create a new site in DIR with the default theme and a sample page of each kind.
    Init {
        /// The folder to create (it must be empty or not exist).
        dir: PathBuf,
        /// The site's languages, the default first: e.g. `--languages zh,ug,en` (Chinese and
        /// English unless given).
        #[arg(long, value_name = "CODES", value_delimiter = ',')]
        languages: Option<Vec<String>>,
    },
    /// Move a Hugo or Zola site in: write its site.yaml from its settings, in SRC, or in DEST with
    /// a copy of its content/, static/ and data/, and report what was and was not taken over.
    Import {
        /// The folder of the Hugo or Zola site.
        src: PathBuf,
        /// A new folder for the greenprint site (it must be empty or not exist); without it,
        /// site.yaml is written in SRC.
        dest: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Campaign,
    Action,
    Tip,
    News,
    Page,
}

impl NewKind {
    fn kind(self) -> crate::content::PageKind {
        use crate::content::PageKind;
        match self {
            NewKind::Campaign => PageKind::Campaign,
            NewKind::Action => PageKind::Action,
            NewKind::Tip => PageKind::Tip,
            NewKind::News => PageKind::News,
            NewKind::Page => PageKind::Page,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Runs the command and returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let root = cli.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build { output, base_url, pdf } => {
            let options = BuildOptions {
                output,
                base_url,
                pdf,
                ..BuildOptions::new(root)
            };
            run_build(&options, colour, cli.quiet, cli.verbose)
        }
        Command::Check { format } => run_check(root, format, colour, cli.quiet),
        Command::Serve { port, bind } => crate::serve::serve(crate::serve::ServeOptions {
            root,
            bind,
            port,
            quiet: cli.quiet,
            verbose: cli.verbose,
        }),
        Command::New { kind, title } => {
            let config = crate::config::Config::load(&root).ok();
            let lang = build::message_language(config.as_ref().map(|c| c.default_language()));
            match crate::new::create(&root, kind.kind(), &title) {
                Ok(files) => {
                    for file in files {
                        println!("{}", translate(&format!("created {}", file.display()), &lang));
                    }
                    0
                }
                Err(message) => {
                    print_error(&message, &lang);
                    1
                }
            }
        }
        Command::Init { dir, languages } => {
            let lang = build::message_language(None);
            match crate::init::create(&dir, languages.as_deref()) {
                Ok(()) => {
                    if !cli.quiet {
                        println!(
                            "{}",
                            translate(&format!("created a new site in {}", dir.display()), &lang)
                        );
                        println!(
                            "{}",
                            translate(&format!("next: cd {} && greenprint build", dir.display()), &lang)
                        );
                    }
                    0
                }
                Err(message) => {
                    print_error(&message, &lang);
                    1
                }
            }
        }
        Command::Import { src, dest } => {
            let lang = build::message_language(None);
            match crate::import::import(&src, dest.as_deref()) {
                Ok(report) => {
                    if !cli.quiet {
                        print!("{}", report.render(&lang));
                    }
                    0
                }
                Err(refusal) => {
                    eprint!("{}", refusal.localised(&lang).render_terminal_in(colour, &lang));
                    1
                }
            }
        }
    }
}

/// `greenprint build`: the exit code is 2 for a usage error, 1 when nothing was published.
fn run_build(options: &BuildOptions, colour: bool, quiet: bool, verbose: bool) -> i32 {
    // An output over the site's sources, or an address that is not one, is a usage error:
    // refused before anything else.
    let usage = crate::output::check_target(&options.root, &options.output_dir())
        .and_then(|_| options.base_url.as_deref().map_or(Ok(()), build::check_base_url));
    if let Err(refusal) = usage {
        let config = crate::config::Config::load(&options.root).ok();
        let lang = build::message_language(config.as_ref().map(|c| c.default_language()));
        eprintln!("{}", refusal.localised(&lang).render_terminal_in(colour, &lang));
        return 2;
    }
    let label = if build::message_language(None).starts_with("zh") {
        "正在生成网站"
    } else {
        "building"
    };
    let progress = crate::progress::Progress::start(label.to_owned(), quiet);
    let report = build::build(options);
    drop(progress);
    print_diagnostics(&report.diagnostics, colour, quiet, &report.language);
    if verbose {
        eprint!("{}", build::timing_lines(&report));
    }
    if report.succeeded() {
        if !quiet {
            println!("{}", build::summary_line(&report, &options.output_dir()));
        }
        0
    } else {
        let line = format!(
            "{} error(s), {} warning(s): nothing was published; {} is as it was.",
            report.diagnostics.error_count(),
            report.diagnostics.warning_count(),
            options.output_dir().display()
        );
        eprintln!(
            "\n{}",
            crate::diagnostics::catalogue::translate(&line, &report.language)
        );
        1
    }
}

/// `greenprint check`: every check of a build, nothing written; the diagnostics as text or JSON.
fn run_check(root: PathBuf, format: Format, colour: bool, quiet: bool) -> i32 {
    let options = BuildOptions {
        write: false,
        ..BuildOptions::new(root)
    };
    let report = build::build(&options);
    match format {
        Format::Json => {
            let localised = report.diagnostics.localised(&report.language);
            let json = serde_json::json!({
                "errors": report.diagnostics.error_count(),
                "warnings": report.diagnostics.warning_count(),
                "language": report.language,
                "diagnostics": localised.sorted(),
                "coverage": report.coverage,
            });
            println!("{}", serde_json::to_string_pretty(&json).unwrap_or_default());
        }
        Format::Text => {
            print_diagnostics(&report.diagnostics, colour, quiet, &report.language);
            if !quiet {
                print!("{}", crate::check::coverage_table(&report.coverage));
            }
            if !quiet {
                let line = format!(
                    "{} error(s), {} warning(s)",
                    report.diagnostics.error_count(),
                    report.diagnostics.warning_count()
                );
                eprintln!("{}", translate(&line, &report.language));
            }
        }
    }
    if report.succeeded() { 0 } else { 1 }
}

/// A one-line error of `new` or `init`, in the user's language.
fn print_error(message: &str, lang: &str) {
    eprintln!("{}", translate(&format!("error: {}", translate(message, lang)), lang));
}

fn print_diagnostics(diagnostics: &crate::diagnostics::Diagnostics, colour: bool, quiet: bool, lang: &str) {
    for d in diagnostics.sorted() {
        if quiet && !d.is_error() {
            continue;
        }
        eprintln!("{}", d.localised(lang).render_terminal_in(colour, lang));
    }
}
