use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = greenprint::cli::Cli::parse();
    std::process::exit(greenprint::cli::run(cli));
}
