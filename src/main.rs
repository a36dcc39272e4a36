use clap::Parser;

fn main() {
    let cli = greenprint::cli::Cli::parse();
    std::process::exit(greenprint::cli::run(cli));
}
