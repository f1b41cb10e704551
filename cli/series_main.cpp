// The series command: a manifest in, every volume's covers, previews and proofs out, with a
// progress bar on a terminal and a summary (text or JSON, docs/series.md).
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "json_text.hpp"
#include "podcover/data_file.hpp"
#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/series/series.hpp"
#include "podcover/utf8.hpp"

namespace podcover::cli {
namespace {

using json = nlohmann::ordered_json;

// Progress on standard error: a bar redrawn in place on a terminal, a line per volume
// otherwise (a log, a CI job).
void show_progress(const series::Progress& progress, bool terminal) {
    const std::string what = "volume " + std::to_string(progress.volume) + " (" +
                             escape_invalid_utf8(progress.title) + ") " + progress.state;
    if (!terminal) {
        std::cerr << "podcover: series: " << progress.done << "/" << progress.total << " " << what
                  << "\n";
        return;
    }
    constexpr std::size_t width = 30;
    const std::size_t filled = progress.total ? width * progress.done / progress.total : width;
    std::string bar(filled, '#');
    bar += std::string(width - filled, '-');
    std::string line = "[" + bar + "] " + std::to_string(progress.done) + "/" +
                       std::to_string(progress.total) + " " + what;
    if (line.size() > 100)
        line = line.substr(0, 97) + "...";
    // \x1b[K clears what a longer line left.
    std::cerr << "\r" << line << "\x1b[K" << (progress.done == progress.total ? "\n" : "")
              << std::flush;
}

json output_json(const render::RenderedFile& file, const json& volume) {
    const auto or_null = [](const std::string& text) {
        return text.empty() ? json(nullptr) : json(text);
    };
    json j{{"kind", file.kind},
           {"volume", volume},
           {"printer", or_null(file.printer)},
           {"paper", or_null(file.paper)},
           {"path", file.path.string()}};
    if (file.size.width > Length()) {
        j["width_in"] = file.size.width.in();
        j["height_in"] = file.size.height.in();
    }
    return j;
}

}  // namespace

void SeriesCommand::add_to(CLI::App& app) {
    command_ = app.add_subcommand(
        "series",
        "Render a series manifest: every volume for every printer, spines aligned, a summary");
    command_->footer(
        std::string(
            "In the output folder:\n"
            "  NAME.PRINTER.pdf, .png     each volume's cover and preview on each printer\n"
            "  NAME.proof.pdf, .png       each volume's drift proof\n"
            "  shelf.PRINTER.pdf, .png    every spine side by side, at its true width\n"
            "  contact-sheet.pdf, .png    every volume's front\n"
            "  summary.json, summary.csv  every volume's geometry on every printer, and the "
            "checks\n"
            "Unchanged volumes are skipped (.podcover-series/ holds what each was made from).\n\n"
            "Example:\n  podcover series build/samples/series/series.toml -o out/series\n"
            "  podcover series series.toml -o out/series --printer-file my-kdp.toml\n\n"
            "Exit codes: as below; when volumes fail, the others are still written and the code "
            "is the first failure's (docs/series.md).\n\n") +
        exit_codes_help);
    command_->add_option("manifest", manifest_, "the series manifest (TOML, docs/series.md)")
        ->required()
        ->type_name("FILE");
    command_->add_option("-o,--output", out_dir_, "the folder to write into (created if needed)")
        ->required()
        ->type_name("FOLDER");
    command_
        ->add_option("--printer-file", printers_.printer_files,
                     "read a printer's rules from this TOML file (docs/printer-files.md); "
                     "replaces a built-in printer of the same id; may be repeated")
        ->type_name("FILE");
    command_
        ->add_option("-j,--jobs", workers_,
                     "volumes rendered at once (default: the machine's cores)")
        ->type_name("N")
        ->check(CLI::Range(1, 256));
    command_->add_flag("--force", force_, "render every volume, changed or not");
    command_->add_flag("--json", json_, "print JSON (docs/json.md) instead of text");
}

CommandOutput SeriesCommand::run() const {
    const series::Manifest manifest = series::read_manifest(manifest_);
    check_output_folder(out_dir_);
    series::SeriesOptions options;
    // The catalog as PrinterOptions::load_catalog makes it, each file's text kept for the
    // volumes' hashes: the text hashed is the text read.
    PrinterCatalog catalog = PrinterCatalog::builtin();
    for (const auto& file : printers_.printer_files) {
        std::string text = read_text_file(file, "printer file");
        PrinterSpec printer = parse_printer_file(text, file);
        options.printer_files[printer.id] = std::move(text);
        options.inputs.emplace_back(file);
        catalog.add(std::move(printer));
    }
    options.workers = workers_;
    options.force = force_;
    options.tool_version = PODCOVER_VERSION;
    // Reproducible builds' convention: a fixed date for the PDF/X dates, when asked for.
    options.date = source_date_epoch();
    const bool terminal = isatty(STDERR_FILENO) != 0;
    options.progress = [terminal](const series::Progress& progress) {
        show_progress(progress, terminal);
    };
    const series::SeriesReport report = series::render_series(manifest, catalog, out_dir_, options);

    CommandOutput output;
    int first_failure = exit_ok;
    for (const auto& volume : report.volumes) {
        if (volume.status != series::VolumeResult::Status::failed)
            continue;
        if (first_failure == exit_ok && volume.error) {
            try {
                std::rethrow_exception(volume.error);
            } catch (const std::exception& error) {
                first_failure = exit_code_of(error);
            }
        }
        std::string reason = volume.reason;
        for (auto& c : reason)
            c = c == '\n' ? ';' : c;
        output.errors.push_back("volume " + std::to_string(volume.number) + " (" + volume.title +
                                ") failed: " + reason);
    }
    for (const auto& error : report.errors)
        output.errors.push_back(error);
    output.exit_code = first_failure != exit_ok ? first_failure
                       : report.errors.empty()  ? exit_ok
                                                : exit_refused;

    if (json_) {
        json j;
        j["series"] = report.title;
        j["spine_size_pt"] = report.spine_size_pt ? json(*report.spine_size_pt) : json(nullptr);
        auto& volumes = j["volumes"] = json::array();
        auto& outputs = j["outputs"] = json::array();
        for (const auto& volume : report.volumes) {
            volumes.push_back(
                {{"number", volume.number},
                 {"title", volume.title},
                 {"pages", volume.pages},
                 {"isbn", volume.isbn ? json(*volume.isbn) : json(nullptr)},
                 {"status", series::status_id(volume.status)},
                 {"reason", volume.reason.empty() ? json(nullptr) : json(volume.reason)},
                 {"spine_size_pt",
                  volume.spine_size_pt ? json(*volume.spine_size_pt) : json(nullptr)},
                 {"warnings", volume.warnings}});
            for (const auto& file : volume.outputs)
                outputs.push_back(output_json(file, volume.number));
        }
        for (const auto& file : report.outputs)
            outputs.push_back(output_json(file, nullptr));
        j["errors"] = report.errors;
        j["warnings"] = report.warnings;
        output.out = json_text(j);
        return output;
    }
    std::size_t rendered = 0, skipped = 0, failed = 0;
    std::string out = "Volumes:\n";
    for (const auto& volume : report.volumes) {
        switch (volume.status) {
            case series::VolumeResult::Status::rendered:
                ++rendered;
                break;
            case series::VolumeResult::Status::skipped:
                ++skipped;
                break;
            case series::VolumeResult::Status::failed:
                ++failed;
                break;
        }
        out += "  " + std::to_string(volume.number) + "  " + volume.title + "  (" +
               std::to_string(volume.pages) + " pages, " + series::status_id(volume.status) +
               (volume.spine_size_pt ? ", spine " + format_number(*volume.spine_size_pt, 1) + " pt"
                                     : std::string(", no spine text")) +
               ")\n";
        for (const auto& w : volume.warnings)
            out += "      - " + w + "\n";
    }
    out += "\n" + std::to_string(rendered) + " rendered, " + std::to_string(skipped) +
           " unchanged (skipped), " + std::to_string(failed) + " failed";
    out += report.spine_size_pt
               ? "; spine text " + format_number(*report.spine_size_pt, 1) + " pt on every volume\n"
               : std::string("; no spine text\n");
    for (const auto& file : report.outputs)
        out += "Wrote " + file.path.string() + "\n";
    if (!report.warnings.empty()) {
        out += "\nWarnings:\n";
        for (const auto& w : report.warnings)
            out += "  - " + w + "\n";
    }
    output.out = out;
    return output;
}

}  // namespace podcover::cli
