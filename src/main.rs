//! The `chronomap` binary: the window, or a subcommand.

use chronomap::cli::{self, Cli, CliError, Command};
use chronomap::model::Catalog;
use chronomap::ui::screenshot::ScreenshotOutcome;
use chronomap::ui::settings::{SETTINGS_KEY, Settings};
use chronomap::ui::state::AppState;
use chronomap::ui::{ChronomapApp, StartOptions};
use clap::Parser as _;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

// Each frame builds and drops large vertex buffers and loading makes millions of
// small strings; glibc's malloc maps fresh pages for the former and is slow at
// the latter. mimalloc keeps frames steady and loads faster.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    chronomap::ui::frame_log::mark_process_start();
    chronomap::memory::return_freed_memory_soon();
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
        Some(Command::Regions(a)) => cli::regions::run(a, &mut std::io::stdout(), &mut std::io::stderr()),
        Some(Command::Extract(a)) => cli::extract::run(a, &mut std::io::stdout()),
        Some(Command::Render(a)) => cli::render::run(a),
        // `check` exits 1 when a file has problems, 0 when all are clean.
        Some(Command::Check(a)) => match cli::check::run(a, &mut std::io::stdout()) {
            Ok(clean) => {
                return if clean {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            Err(e) => Err(e),
        },
        Some(Command::Places(a)) => match cli::places::run(a, &mut std::io::stdout()) {
            Ok(found) => {
                return if found {
                    ExitCode::SUCCESS
                } else {
                    ExitCode::from(1)
                };
            }
            Err(e) => Err(e),
        },
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

fn run_window(args: cli::GuiArgs) -> ExitCode {
    match open_window(args) {
        Ok(code) => code,
        Err(WindowError::Usage(e)) => report(&e),
        Err(WindowError::Other(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Bad arguments (exit 2) or a window that failed (exit 1).
enum WindowError {
    Usage(CliError),
    Other(anyhow::Error),
}

impl From<CliError> for WindowError {
    fn from(e: CliError) -> Self {
        Self::Usage(e)
    }
}

fn open_window(args: cli::GuiArgs) -> Result<ExitCode, WindowError> {
    // A screenshot needs its data at once; an interactive window opens at once
    // and loads `--data` in the background with progress bars.
    let screenshot_mode = args.screenshot.is_some();
    // News articles are extracted on a loading thread, as when opened in the
    // window (a screenshot waits for them).
    let (articles, data): (Vec<_>, Vec<_>) = args
        .data
        .iter()
        .cloned()
        .partition(|p| chronomap::ui::loader::is_article_file(p));
    let load_later = !screenshot_mode && !args.data.is_empty();
    // The window opens on the South Caucasus and reads the world's layers
    // once its first frame is up (see `ChronomapApp::poll_world`); a
    // screenshot, and a region to select by name, need them first.
    let base = if screenshot_mode || args.select.is_some() {
        chronomap::embedded::atlas()
    } else {
        chronomap::embedded::caucasus_atlas()
    }
    .map_err(CliError::from)?;
    let mut atlas =
        cli::add_region_files(base, &args.regions, &mut std::io::stderr()).map_err(CliError::from)?;
    if !args.data.is_empty() {
        // The built-in map's subjects are the article's, not the data's.
        atlas.clear_subjects();
    }
    let to_load = if load_later { args.data.clone() } else { articles };
    if let Some(missing) = to_load.iter().find(|p| !p.exists()) {
        return Err(CliError::Usage(format!("{}: no such file or folder", missing.display())).into());
    }
    // Without event files, no built-in events either when articles come.
    let loaded = if load_later || (data.is_empty() && !to_load.is_empty()) {
        chronomap::io::Loaded {
            items: chronomap::model::EventStore::new(),
            problems: Vec::new(),
            notes: Vec::new(),
        }
    } else {
        cli::load_events(&atlas, &data).map_err(CliError::from)?
    };
    let region = cli::selected_region(&atlas, args.select.as_deref())?;
    let data_label = cli::data_label(&args.data);
    let start = StartOptions {
        day: args.at,
        region,
        event: args.event.clone(),
        screenshot: None,
        data_label,
        messages: loaded.problems.iter().map(ToString::to_string).collect(),
        load: to_load.clone(),
        frame_log: std::env::var_os(chronomap::ui::frame_log::FRAME_LOG_VAR).map(std::path::PathBuf::from),
        builtin_article: args.data.is_empty(),
    };
    let catalog = Catalog::new(loaded.items, &atlas);
    if let Some(id) = &args.event
        && to_load.is_empty()
        && catalog.position(id).is_none()
    {
        return Err(CliError::Usage(format!("unknown event '{id}' (see 'chronomap events')")).into());
    }
    let state = AppState::new(atlas, catalog, None);
    let outcome: ScreenshotOutcome = Arc::new(Mutex::new(None));
    let start = StartOptions {
        screenshot: args.screenshot.clone().map(|p| (p, outcome.clone())),
        ..start
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("chronomap")
            .with_app_id("chronomap")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([820.0, 540.0]),
        // A screenshot shows the window as the arguments set it up, not as last left.
        persist_window: !screenshot_mode,
        ..Default::default()
    };
    eframe::run_native(
        "chronomap",
        options,
        Box::new(move |cc| {
            let settings: Settings = if screenshot_mode {
                Settings::default()
            } else {
                cc.storage
                    .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
                    .unwrap_or_default()
            };
            cc.egui_ctx.set_theme(settings.theme.preference());
            Ok(Box::new(ChronomapApp::new(state, settings, start)))
        }),
    )
    .map_err(|e| WindowError::Other(anyhow::anyhow!("cannot open the window: {e}")))?;
    if screenshot_mode {
        let result = outcome.lock().ok().and_then(|mut o| o.take());
        match result {
            Some(Ok(())) => {}
            Some(Err(e)) => return Err(WindowError::Other(anyhow::anyhow!(e))),
            None => {
                return Err(WindowError::Other(anyhow::anyhow!(
                    "the window closed before the screenshot was taken"
                )));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
