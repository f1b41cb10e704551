// A series of books with one design (docs/series.md): a manifest of series-wide defaults and
// volumes that override them, rendered for every printer with spines that line up on a shelf.
#pragma once

#include <ctime>
#include <exception>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/render/job.hpp"
#include "podcover/render/render_job.hpp"

namespace podcover::series {

struct Volume {
    int number = 0;
    int line = 0;        // its [[volume]] table's line in the manifest
    render::Job job;     // the defaults with the volume's own keys, read as a job file
    std::string merged;  // that table as TOML text: what the volume's covers are made from
};

struct Manifest {
    std::filesystem::path file;
    std::string title;  // `series`, the series' own name; may be empty
    std::vector<Volume> volumes;
};

// Reads and checks a manifest: the defaults and each volume merged into one table and read by
// the job-file reader, so that every key is checked as in a job file. Throws InputError
// "series.toml:41: key: what is wrong; ..." naming the volume where the key is a default.
Manifest read_manifest(const std::filesystem::path& path);
Manifest parse_manifest(std::string_view text, const std::filesystem::path& path);

struct Progress {
    std::size_t done = 0;  // volumes finished (rendered, skipped or failed)
    std::size_t total = 0;
    int volume = 0;
    std::string title;
    std::string state;  // "rendered", "skipped", "failed"
};

struct SeriesOptions {
    unsigned workers = 0;             // volumes rendered at once; 0: the machine's cores
    bool force = false;               // render volumes whose inputs did not change
    std::string tool_version;         // part of each volume's content hash
    std::optional<std::time_t> date;  // the covers' PDF/X dates (render::RenderOptions::date)
    // The text of each printer file the catalog's printers were read from (--printer-file),
    // by printer id: part of the hash of every volume printed on that printer, so that a
    // changed file renders those volumes again.
    std::map<std::string, std::string> printer_files;
    // Files the run reads besides the manifest and the files it names (every printer file
    // given, one replaced by a later file of its id too): no output may replace one.
    std::vector<std::filesystem::path> inputs;
    // Called once per volume as it finishes, one call at a time, from any thread.
    std::function<void(const Progress&)> progress;
};

struct VolumeResult {
    int number = 0;
    std::string name;  // output file stem
    std::string title;
    std::vector<std::string> authors;
    std::optional<std::string> isbn;
    int pages = 0;
    Binding binding = Binding::paperback;
    Size trim;
    enum class Status { rendered, skipped, failed } status = Status::failed;
    std::string reason;           // failed: why, one line per reason
    std::exception_ptr error;     // failed: what was thrown (its type gives the exit code)
    std::vector<Layout> layouts;  // one per printer rendered for
    std::vector<render::RenderedFile> outputs;
    std::vector<std::string> warnings;
    std::optional<double> spine_size_pt;  // none: no spine text (spine_note says why)
    std::string spine_note;
};

struct SeriesReport {
    std::string title;
    // The one spine size of every volume with spine text, fitted to the thinnest volume's
    // narrowest spine-text area; none when no volume takes spine text.
    std::optional<double> spine_size_pt;
    std::vector<VolumeResult> volumes;
    std::vector<render::RenderedFile> outputs;  // summary.json and summary.csv
    std::vector<std::string> errors;            // cross-volume checks that failed (summary.json)
    std::vector<std::string> warnings;          // volumes too thin for spine text, ...
};

const char* status_id(VolumeResult::Status status);

// Renders every volume for each of its printers into out_dir (created if needed), each
// volume's files committed together with the hash of its inputs (out_dir/.podcover-series/),
// then summary.json and summary.csv. A volume whose hash is unchanged and whose files are all
// there is skipped unless options.force. A volume that fails is reported (status failed, its
// reason and exception) while the others are rendered. Throws InputError before writing
// anything when the volumes clash: one ISBN for two volumes or formats, or two volumes with
// one file name.
SeriesReport render_series(const Manifest& manifest, const PrinterCatalog& catalog,
                           const std::filesystem::path& out_dir, const SeriesOptions& options);

}  // namespace podcover::series
