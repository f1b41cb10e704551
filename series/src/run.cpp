#include <qpdf/QPDF.hh>
#include <qpdf/QPDFCryptoProvider.hh>
#include <qpdf/QUtil.hh>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "podcover/errors.hpp"
#include "podcover/names.hpp"
#include "podcover/render/barcode.hpp"
#include "podcover/render/cover.hpp"
#include "podcover/render/output_files.hpp"
#include "podcover/render/pdf_output.hpp"
#include "podcover/render/shelf.hpp"
#include "podcover/series/series.hpp"
#include "summary.hpp"

namespace podcover::series {
namespace {

namespace fs = std::filesystem;

// Where each volume's content hash is kept, beside its covers.
const fs::path state_folder = ".podcover-series";

// The printers a volume is rendered for: the job's, or every printer podcover knows.
std::vector<const PrinterSpec*> printers_of(const render::Job& job, const PrinterCatalog& catalog) {
    const std::vector<std::string> ids = job.printers.empty() ? catalog.ids() : job.printers;
    std::vector<const PrinterSpec*> printers;
    for (const auto& id : ids) {
        const PrinterSpec* printer = catalog.find(id);
        if (!printer) {
            throw InputError(job.where("printers") + ": unknown printer '" + id +
                             "'; podcover knows " + join_names(catalog.ids()));
        }
        if (job.paper_for(id).empty() && printer->find_binding(job.binding)) {
            throw InputError(job.where("paper") + ": no paper for " + id + "; add " + id +
                             " = \"<paper>\"");
        }
        printers.push_back(printer);
    }
    return printers;
}

class Sha256 {
  public:
    Sha256() : impl_(QPDFCryptoProvider::getImpl()) { impl_->SHA2_init(256); }
    void add(std::string_view bytes) {
        // Each part's length first, so that parts cannot run into each other.
        const std::string length = std::to_string(bytes.size()) + ":";
        impl_->SHA2_update(reinterpret_cast<const unsigned char*>(length.data()), length.size());
        impl_->SHA2_update(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    }
    std::string hex() {
        impl_->SHA2_finalize();
        return QUtil::hex_encode(impl_->SHA2_digest());
    }

  private:
    std::shared_ptr<QPDFCryptoImpl> impl_;
};

std::string file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path.string() + ": cannot read it; check the path");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

// What a volume's covers are made from: podcover's version, the volume's merged table (every
// key, defaults included), the series' spine size, the printers (a printer file's text too),
// and the bytes of every file the job names. The same hash means the same covers.
std::string content_hash(const Volume& volume, const std::vector<const PrinterSpec*>& printers,
                         const render::Job& job, const SeriesOptions& options) {
    Sha256 hash;
    hash.add("podcover " + options.tool_version);
    hash.add(volume.merged);
    hash.add(job.spine.size_pt ? format_number(*job.spine.size_pt, 4) : "fitted");
    for (const PrinterSpec* printer : printers) {
        hash.add(printer->id + " " + printer->origin);
        // A printer file's numbers make the covers as the job's do; a built-in printer's
        // change with podcover's version.
        const auto file = options.printer_files.find(printer->id);
        hash.add(file != options.printer_files.end() ? file->second : "built in");
    }
    for (const auto& file : render::job_files(job)) {
        hash.add(file.string());
        hash.add(file_bytes(file));
    }
    return hash.hex();
}

// The files render_job writes for a volume, as it names them (for a volume skipped).
std::vector<render::RenderedFile> expected_outputs(const render::Job& job,
                                                   const std::vector<Layout>& layouts,
                                                   const fs::path& out_dir) {
    std::vector<render::RenderedFile> files;
    for (const auto& layout : layouts) {
        const std::string stem = job.name + "." + layout.printer_id;
        files.push_back(
            {"cover", layout.printer_id, layout.paper_id, out_dir / (stem + ".pdf"), layout.sheet});
        files.push_back({"preview", layout.printer_id, layout.paper_id, out_dir / (stem + ".png"),
                         layout.sheet});
    }
    files.push_back({"proof", "", "", out_dir / (job.name + ".proof.pdf"), layouts.front().sheet});
    files.push_back({"proof", "", "", out_dir / (job.name + ".proof.png"), layouts.front().sheet});
    return files;
}

std::string stored_hash(const fs::path& path) {
    std::ifstream in(path);
    std::string hash;
    if (in)
        std::getline(in, hash);
    return hash;
}

std::string message_of(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

// One ISBN is one edition: two volumes, or two formats of one volume, may not share it
// (both printers' covers of one volume do share it: the same edition). Two volumes may not
// share a file name either.
void check_volumes(const Manifest& manifest) {
    struct Use {
        int number;
        std::string format;
        int line;
    };
    std::map<std::string, Use> isbns;
    std::map<std::string, int> names;
    const std::string origin = manifest.file.string();
    for (const auto& volume : manifest.volumes) {
        const render::Job& job = volume.job;
        const std::string format =
            std::string(binding_label(job.binding)) +
            (job.trim ? " " + job.trim->format(Unit::in, 4) : std::string(" (interior's trim)"));
        if (job.isbn) {
            const std::string digits = render::Isbn::parse(*job.isbn).digits();
            const auto [used, first] =
                isbns.emplace(digits, Use{volume.number, format, volume.line});
            if (!first) {
                const bool same_volume = used->second.number == volume.number;
                throw InputError(job.where("isbn") + ": ISBN " + *job.isbn + " is also volume " +
                                 std::to_string(used->second.number) + "'s (" + origin + ":" +
                                 std::to_string(used->second.line) + ")" +
                                 (same_volume
                                      ? ", as a " + used->second.format + " and here as a " + format
                                      : std::string()) +
                                 "; an ISBN names one edition: give each " +
                                 (same_volume ? "format" : "volume") + " its own");
            }
        }
        const auto [named, first] = names.emplace(job.name, volume.line);
        if (!first) {
            throw InputError(job.where("name") + ": the file name " + job.name +
                             " is also the volume's at " + origin + ":" +
                             std::to_string(named->second) +
                             "; give each volume its own name (\"book-{number}\")");
        }
    }
}

// The shelf view of each printer (every volume's spine side by side, as the books stand) and
// one contact sheet of the fronts, drawn from the jobs as rendered (the series' spine size
// included). A volume that failed is left out; one the sheet cannot draw is a warning.
void stage_shelf_and_contact_sheet(const std::vector<VolumeResult>& volumes,
                                   const std::vector<const render::Job*>& jobs,
                                   const std::vector<std::vector<const PrinterSpec*>>& printers,
                                   const fs::path& out_dir, render::OutputFiles& outputs,
                                   std::vector<render::RenderedFile>& written,
                                   std::vector<std::string>& warnings,
                                   const std::string& sheets_hash, bool force) {
    std::vector<render::ShelfVolume> shelved;
    std::vector<const PrinterSpec*> sheet_printers;  // in the order the volumes name them
    for (std::size_t i = 0; i < volumes.size(); ++i) {
        if (volumes[i].status == VolumeResult::Status::failed)
            continue;
        // Each cover's design is shared by its own printers (render_job): the volume's list.
        shelved.push_back({jobs[i], std::to_string(volumes[i].number), printers[i]});
        for (const PrinterSpec* printer : printers[i]) {
            if (std::find(sheet_printers.begin(), sheet_printers.end(), printer) ==
                sheet_printers.end())
                sheet_printers.push_back(printer);
        }
    }
    if (shelved.empty())
        return;
    // Unchanged volumes make the same sheets: kept, as the volumes are, unless --force.
    const fs::path hash_file = out_dir / state_folder / "sheets.sha256";
    std::vector<render::RenderedFile> expected;
    for (const PrinterSpec* printer : sheet_printers) {
        for (const char* extension : {".pdf", ".png"})
            expected.push_back(
                {"shelf", printer->id, "", out_dir / ("shelf." + printer->id + extension), Size{}});
    }
    for (const char* extension : {".pdf", ".png"})
        expected.push_back({"contact-sheet", "", "",
                            out_dir / (std::string("contact-sheet") + extension), Size{}});
    const bool all_there =
        std::all_of(expected.begin(), expected.end(), [](const render::RenderedFile& file) {
            std::error_code error;
            return fs::is_regular_file(file.path, error);
        });
    if (!force && all_there && stored_hash(hash_file) == sheets_hash) {
        written.insert(written.end(), expected.begin(), expected.end());
        return;
    }
    outputs.stage(hash_file, sheets_hash + "\n");

    render::ShelfOptions options;
    const auto stage = [&](const std::string& kind, const std::string& stem,
                           const PrinterSpec& printer, const render::ShelfImages& images) {
        for (const auto& skipped : images.skipped) {
            warnings.push_back(kind + " (" + printer.name + "): volume " + skipped.label +
                               " left out: " + skipped.reason);
        }
        outputs.stage(out_dir / (stem + ".pdf"), images.pdf);
        written.push_back(
            {kind, kind == "shelf" ? printer.id : "", "", out_dir / (stem + ".pdf"), Size{}});
        outputs.stage(out_dir / (stem + ".png"), images.png);
        written.push_back(
            {kind, kind == "shelf" ? printer.id : "", "", out_dir / (stem + ".png"), Size{}});
    };
    for (const PrinterSpec* printer : sheet_printers)
        stage("shelf", "shelf." + printer->id, *printer,
              render::shelf_view(shelved, *printer, options));
    // The fronts are the same trim on every printer: one sheet, on the first printer's covers.
    stage("contact-sheet", "contact-sheet", *sheet_printers.front(),
          render::contact_sheet(shelved, *sheet_printers.front(), options));
}

}  // namespace

SeriesReport render_series(const Manifest& manifest, const PrinterCatalog& catalog,
                           const fs::path& out_dir, const SeriesOptions& options) {
    SeriesReport report;
    report.title = manifest.title;
    check_volumes(manifest);

    const std::size_t count = manifest.volumes.size();
    report.volumes.resize(count);
    std::vector<render::Job> jobs(count);
    std::vector<std::vector<const PrinterSpec*>> printers(count);
    const auto fail = [&](std::size_t i, std::exception_ptr error) {
        VolumeResult& result = report.volumes[i];
        result.status = VolumeResult::Status::failed;
        result.error = error;
        result.reason = message_of(error);
    };

    // Each volume laid out on its printers, and the spine size each would take alone.
    std::vector<std::optional<double>> own_size(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Volume& volume = manifest.volumes[i];
        VolumeResult& result = report.volumes[i];
        jobs[i] = volume.job;
        const render::Job& job = jobs[i];
        result.number = volume.number;
        result.name = job.name;
        result.title = job.title;
        result.authors = job.authors;
        result.isbn = job.isbn;
        result.binding = job.binding;
        try {
            printers[i] = printers_of(job, catalog);
            // The layouts render_job makes, made first for the summary and the spine size.
            render::JobLayouts laid_out = render::lay_out_job(job, printers[i]);
            result.layouts = std::move(laid_out.layouts);
            result.trim = laid_out.facts.trim;
            result.pages = laid_out.facts.pages;
            std::vector<const Layout*> layouts;
            for (const auto& layout : result.layouts)
                layouts.push_back(&layout);
            render::Resources resources(job);
            const render::SharedDesign shared = render::share_design(job, layouts, resources);
            if (shared.spine_text) {
                own_size[i] = shared.spine_text->style.size_pt;
            } else if (!shared.warnings.empty()) {
                result.spine_note = shared.warnings.front();
            }
        } catch (const std::exception&) {
            fail(i, std::current_exception());
        }
    }
    // One size for every volume: the least any volume takes, so that it fits the thinnest
    // volume's narrowest spine-text area (each printer's spine less its own clearance, or
    // the fold variance too with spine.margin = "safe"). A volume too thin for spine text is
    // left out of it, and said so; the others keep the one size.
    for (std::size_t i = 0; i < count; ++i) {
        if (own_size[i] && !jobs[i].spine.size_pt)
            report.spine_size_pt =
                std::min(report.spine_size_pt.value_or(*own_size[i]), *own_size[i]);
    }
    for (std::size_t i = 0; i < count; ++i) {
        VolumeResult& result = report.volumes[i];
        if (result.status == VolumeResult::Status::failed && result.error)
            continue;
        if (own_size[i]) {
            if (!jobs[i].spine.size_pt)
                jobs[i].spine.size_pt = report.spine_size_pt;
            result.spine_size_pt = jobs[i].spine.size_pt;
        } else {
            report.warnings.push_back(
                "volume " + std::to_string(result.number) + " (" + result.title +
                "): " + (result.spine_note.empty() ? "no spine text" : result.spine_note) +
                "; the other volumes' spines are aligned without it");
        }
    }

    std::error_code made;
    fs::create_directories(out_dir / state_folder, made);
    if (made) {
        throw OutputError((out_dir / state_folder).string() + ": cannot create the folder (" +
                          made.message() + "); check the output folder");
    }

    // Which volumes changed.
    std::vector<std::size_t> to_render;
    std::vector<std::string> hashes(count);
    std::size_t done = 0;
    std::mutex reporting;
    const auto finished = [&](std::size_t i) {
        const std::lock_guard lock(reporting);
        ++done;
        if (options.progress) {
            const VolumeResult& result = report.volumes[i];
            options.progress(
                Progress{done, count, result.number, result.title, status_id(result.status)});
        }
    };
    for (std::size_t i = 0; i < count; ++i) {
        VolumeResult& result = report.volumes[i];
        if (result.error) {
            finished(i);
            continue;
        }
        try {
            hashes[i] = content_hash(manifest.volumes[i], printers[i], jobs[i], options);
        } catch (const std::exception&) {
            fail(i, std::current_exception());
            finished(i);
            continue;
        }
        const auto expected = expected_outputs(jobs[i], result.layouts, out_dir);
        const bool all_there =
            std::all_of(expected.begin(), expected.end(), [](const render::RenderedFile& file) {
                std::error_code error;
                return fs::is_regular_file(file.path, error);
            });
        if (!options.force && all_there &&
            stored_hash(out_dir / state_folder / (jobs[i].name + ".sha256")) == hashes[i]) {
            result.status = VolumeResult::Status::skipped;
            result.outputs = expected;
            finished(i);
            continue;
        }
        to_render.push_back(i);
    }

    // No output may replace the manifest or a printer file (render_job adds each job's own).
    std::vector<fs::path> run_inputs{manifest.file};
    run_inputs.insert(run_inputs.end(), options.inputs.begin(), options.inputs.end());

    // The changed volumes, rendered by the workers; each volume's files and hash committed
    // together, so that a volume cut short is rendered again next time.
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
        for (std::size_t k = next++; k < to_render.size(); k = next++) {
            const std::size_t i = to_render[k];
            VolumeResult& result = report.volumes[i];
            try {
                render::OutputFiles files(run_inputs);
                render::RenderOptions render_options;
                render_options.date = options.date;
                render_options.inputs = options.inputs;

                render::RenderReport rendered =
                    render::render_job(jobs[i], printers[i], out_dir, render_options, files);
                files.stage(out_dir / state_folder / (jobs[i].name + ".sha256"), hashes[i] + "\n");
                files.commit();
                result.status = VolumeResult::Status::rendered;
                result.outputs = std::move(rendered.outputs);
                // A printer's reason for no spine text comes from its layout and again from
                // the shared design: once.
                for (auto& warning : rendered.warnings) {
                    if (std::find(result.warnings.begin(), result.warnings.end(), warning) ==
                        result.warnings.end())
                        result.warnings.push_back(std::move(warning));
                }
            } catch (const std::exception&) {
                fail(i, std::current_exception());
            }
            finished(i);
        }
    };
    render::prepare_qpdf_for_threads();
    unsigned workers = options.workers ? options.workers : std::thread::hardware_concurrency();
    workers = std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(to_render.size())));
    {
        std::vector<std::jthread> pool;
        for (unsigned w = 1; w < workers; ++w)
            pool.emplace_back(work);
        work();
    }

    // The summary (and the shelf views), committed together after every volume.
    render::OutputFiles files(run_inputs);
    std::vector<const render::Job*> job_pointers;
    for (const auto& job : jobs)
        job_pointers.push_back(&job);
    // The sheets are made from every volume drawn on them, in order.
    Sha256 sheets;
    for (std::size_t i = 0; i < count; ++i) {
        if (report.volumes[i].status != VolumeResult::Status::failed)
            sheets.add(std::to_string(report.volumes[i].number) + " " + hashes[i]);
    }
    stage_shelf_and_contact_sheet(report.volumes, job_pointers, printers, out_dir, files,
                                  report.outputs, report.warnings, sheets.hex(), options.force);
    report.errors = agreement_errors(report.volumes);
    const Summary summary = make_summary(report, manifest);
    files.stage(out_dir / "summary.json", summary.json);
    report.outputs.push_back({"summary", "", "", out_dir / "summary.json", Size{}});
    files.stage(out_dir / "summary.csv", summary.csv);
    report.outputs.push_back({"summary", "", "", out_dir / "summary.csv", Size{}});
    files.commit();
    return report;
}

}  // namespace podcover::series
