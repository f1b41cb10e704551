// Rendering a job: the book on each printer, a cover PDF and PNG preview per printer, and the
// drift proof of all of them (docs/render.md).
#pragma once

#include <ctime>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "podcover/layout.hpp"
#include "podcover/render/job.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::render {

// A printer's template page to write the cover on (IngramSpark asks for covers at its
// template's document size, PRINTERS.md §7): the page, where the sheet's top-left corner goes
// on it (inches from the page's top-left, y down), and the template it was read from.
struct TemplatePlacement {
    Size page;
    Length x;
    Length y;
    std::filesystem::path from;
};

struct RenderOptions {
    double preview_pixels_per_inch = 150;
    double proof_pixels_per_inch = 100;
    // Whether PNGs are written: each cover's preview and the proof's image (--previews png,
    // the default); without them (--previews none) a render writes its PDFs only.
    bool previews = true;
    std::map<std::string, TemplatePlacement> on_template;  // by printer id
    std::optional<ColorMode> color;  // every printer's colour, over the job's (--color)
    // The CreationDate and ModDate of PDF/X covers; default: the newest modification time of
    // the job's inputs (job file, art, interior, profile), so that the same files give the
    // same bytes.
    std::optional<std::time_t> date;
    // Files the run reads besides the job's own (printer files, templates): no output may
    // replace one.
    std::vector<std::filesystem::path> inputs;
};

class OutputFiles;

struct RenderedFile {
    std::string kind;     // "cover", "preview", "proof"
    std::string printer;  // empty for the proof
    std::string paper;
    std::filesystem::path path;
    Size size;  // the page (cover, preview) or the first page (proof)
};

// How one printer's cover carries its colour (docs/color.md).
struct CoverColor {
    std::string printer;  // id
    std::string printer_name;
    ColorMode mode = ColorMode::rgb;
    std::string chosen_by;   // "the printer's default", "the job's color", "--color"
    std::string unverified;  // RGB: why the printer is taken to accept it, when unverified
    // CMYK covers only:
    std::string standard;  // "PDF/X-1a:2001"
    std::string profile;   // the profile's own name
    std::filesystem::path profile_file;
    std::string profile_sha256;
    std::string profile_package;  // podcover's default's Debian package; empty for the job's
    std::optional<Sourced<int>> max_ink_percent;
    std::optional<Sourced<std::vector<int>>> rich_black_percent;
    std::optional<Sourced<int>> small_text_black_max_pt;
    int small_text_lines_in_k = 0;  // black text lines set in 100% K
    PdfxFacts images;
    bool preview = true;  // a PNG preview was written (soft-proofed), not --previews none
};

// A printer left out of a job because it does not offer the job's binding.
struct SkippedPrinter {
    std::string printer;  // id
    std::string printer_name;
    std::string reason;  // the printer's refusal, one line
};

struct RenderReport {
    Binding binding = Binding::paperback;
    Size trim;
    int pages = 0;
    std::vector<Layout> layouts;
    std::vector<RenderedFile> outputs;
    std::vector<SkippedPrinter> skipped;  // each also a line in warnings
    std::vector<std::string> warnings;  // act on these: low-resolution art, copy that does not fit
    std::vector<std::string> notes;     // remarks: UNVERIFIED printer numbers used, trims matched
    std::vector<std::string> proof_legend;
    int proof_flagged = 0;
    std::vector<CoverColor> colors;  // one per cover, in the order of the layouts
};

// One line for the report: "CMYK PDF/X-1a:2001, Artifex CMYK SWOP Profile (...)".
std::string describe(const CoverColor& color);

// The book's trim and page count: the job's, or read from its interior PDF (with a warning
// where the job states other values). Interiors without a TrimBox whose pages are a printer's
// trim plus bleed are taken at the trim.
struct BookFacts {
    Size trim;
    int pages = 0;
    std::vector<std::string> warnings;
};
BookFacts book_facts(const Job& job, const std::vector<const PrinterSpec*>& printers);

// The book laid out on the printers (render_job's first step): the facts, a layout for every
// printer that offers the job's binding, and those that do not, left out with their reason.
// RefusedError, one line per reason, when a printer does not offer the book otherwise (its
// trim, paper or page count) or no printer is left.
struct JobLayouts {
    BookFacts facts;
    std::vector<Layout> layouts;
    std::vector<SkippedPrinter> skipped;
};
JobLayouts lay_out_job(const Job& job, const std::vector<const PrinterSpec*>& printers);

// The files a job names, which make its covers: art, interior, ICC profiles, and fonts given
// as files (a default font or a fontconfig pattern is none). Not the job file itself.
std::vector<std::filesystem::path> job_files(const Job& job);

// Lays the book out on every printer that offers the job's binding (the others are left out,
// each named in `skipped` and in a warning); RefusedError, one line per reason, when a
// printer does not offer the book otherwise (its trim, paper or page count) or no printer is
// left. Composes and writes <name>.<printer>.pdf and .png for each, and
// <name>.proof.pdf and .png. Files are written into out_dir, which is created if needed, as
// one set (OutputFiles): all of them or none, the previous ones kept otherwise. An output that
// would replace one of the job's inputs (its file, art, interior, font files) or of
// options.inputs is refused before anything is written (OutputError).
RenderReport render_job(const Job& job, const std::vector<const PrinterSpec*>& printers,
                        const std::filesystem::path& out_dir, const RenderOptions& options = {});
// The same, staged into `outputs` (committed by the caller with the run's other outputs: a
// series commits each volume's files with its record of what they were made from).
RenderReport render_job(const Job& job, const std::vector<const PrinterSpec*>& printers,
                        const std::filesystem::path& out_dir, const RenderOptions& options,
                        OutputFiles& outputs);

struct TemplateRequest {
    std::string name = "template";    // files: <name>.<printer>.template.pdf and .png
    std::optional<std::string> isbn;  // draw its barcode in the barcode area
    std::optional<std::string> price;
    double pixels_per_inch = 300;
};

// Writes a template PDF and PNG for each layout into out_dir (created if needed). Throws
// ValueError for a malformed ISBN or price, or a barcode that does not fit the area.
std::vector<RenderedFile> write_templates(const std::vector<Layout>& layouts,
                                          const TemplateRequest& request,
                                          const std::filesystem::path& out_dir);
// The same, staged into `outputs` (committed by the caller with the run's other outputs).
std::vector<RenderedFile> write_templates(const std::vector<Layout>& layouts,
                                          const TemplateRequest& request,
                                          const std::filesystem::path& out_dir,
                                          OutputFiles& outputs);

}  // namespace podcover::render
