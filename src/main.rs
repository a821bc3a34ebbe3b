//! The `chronomap` binary: the window, or a subcommand.

use chronomap::cli::{self, Cli, CliError, Command};
use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            // One line: clap's first line names the argument and the problem.
            let text = e.render().to_string();
            eprintln!("{}", text.lines().next().unwrap_or("error: bad arguments"));
            return ExitCode::from(2);
        }
    };
    let result = match &args.command {
        Some(Command::Events(a)) => cli::events::run(a, &mut std::io::stdout(), &mut std::io::stderr()),
        Some(Command::Regions(a)) => cli::regions::run(a, &mut std::io::stdout()),
        None => return run_window(args.gui),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

fn report(error: &CliError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(2)
}

fn run_window(_args: cli::GuiArgs) -> ExitCode {
    eprintln!("error: the window is not built yet");
    ExitCode::from(2)
}
