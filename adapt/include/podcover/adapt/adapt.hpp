// Adapting a finished cover (docs/adapt.md): a cover made for one printer becomes the other
// printer's, or one for a new page count, from the file itself. The checker finds the
// source's sheet and book; geometry gives the target's; the source page is placed on the new
// sheet several times, clipped (spine_plan.hpp, adapted_pdf.hpp), after the spine's text and
// edges are measured (spine_measure.hpp); the result is checked for the target printer.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "podcover/adapt/adapted_pdf.hpp"
#include "podcover/adapt/spine_measure.hpp"
#include "podcover/adapt/spine_plan.hpp"
#include "podcover/check/checker.hpp"
#include "podcover/layout.hpp"

namespace podcover::adapt {

struct AdaptRequest {
    std::filesystem::path source;
    std::filesystem::path output;
    std::optional<std::filesystem::path> proof;
    const PrinterSpec* target = nullptr;
    // The source's printer; when none, the printer whose template page the cover is on, or
    // whose book the cover's size fits (choose_source_printer).
    const PrinterSpec* from = nullptr;
    // Every printer the source may be for (the target among them).
    std::vector<const PrinterSpec*> printers;
    // What the user says of the book: binding, trim, and paper (for every printer, or per
    // printer). `book.pages` is the target's page count; the source's is read from its size
    // (or from the template page it is on), and is the target's when none is given.
    check::BookHints book;
    // The target printer's template (IngramSpark's): the result is written on its page, where
    // its marks put the artwork.
    std::optional<std::filesystem::path> target_template;
    // Write the result even when the spine text or the spine's edges would refuse it.
    bool force = false;
    std::chrono::seconds time_limit{60};
};

// A line of spine text (or lettering seen in pixels) and its clearance from the spine folds,
// on the source and on the result.
struct SpineTextClearance {
    SpineLettering lettering;  // its ink on the source sheet
    Rect result_ink;           // on the result's sheet
    Length source_back;        // from the ink to each fold
    Length source_front;
    Length result_back;
    Length result_front;
    Length needed;  // the target printer's clearance from each fold
    // The ink lies in the middle of the old spine, which moves whole; not when it reaches
    // into a strip that is cut or stretched.
    bool kept_whole = true;
    bool ok = true;
};

// Detail in a strip at an edge of the old spine: rows where its colour changes across it.
struct EdgeDetail {
    std::string edge;  // "back" or "front"
    Rect area;         // on the source sheet
};

struct AdaptReport {
    std::filesystem::path source;
    // The source: its printer and book, how they are known, and where its sheet lies.
    const PrinterSpec* source_printer = nullptr;
    std::string source_printer_how;
    Layout source_layout;
    Size source_page;
    Rect source_sheet;  // on the source's page (as displayed)
    std::string cover_found;
    std::vector<check::Inferred> inferred;
    // The target.
    Layout target_layout;
    TargetPage target_page;
    std::optional<std::filesystem::path> template_file;  // written on its page
    SpinePlan plan;
    std::vector<SpineTextClearance> spine_text;
    std::vector<EdgeDetail> edge_detail;
    // Why adapt refuses the cover; with --force, written anyway and said in `warnings`.
    std::vector<std::string> refusals;
    bool forced = false;
    std::optional<std::filesystem::path> output;  // when written
    std::optional<std::filesystem::path> proof;   // when written
    std::vector<std::string> warnings;
    std::vector<std::string> notes;
    // The result checked for the target printer (none when nothing was written).
    std::optional<check::PrinterCheck> check;
    std::vector<std::string> check_limits;

    bool refused() const { return !refusals.empty() && !forced; }
    // Refused, or the result fails the target printer's check.
    bool failed() const;
};

// Reads, plans, measures, writes (atomically) and checks. Throws InputError when the source
// (or the template) cannot be read or is a printer's template rather than a cover;
// UsageError for a --from or --template of the wrong printer; RefusedError (with the
// numbers) when the target printer does not offer the book, the source's size fits no book,
// or the two sheets differ beyond the spine; OutputError when the output cannot be written or
// would replace the source. A refusal for the spine's text or edges is no exception: the
// report says why and nothing is written (unless `force`).
AdaptReport adapt_cover(const AdaptRequest& request);

// The printer a source cover is for, from its check (all printers) and the request: --from;
// else the printer whose template page it is on; else, of the printers whose book the cover's
// size fits, the target when the request names a page count other than the one that fits it
// (a page-count change), else the first other than the target (a change of printer), else
// the target. `how` says which. Nothing when no printer's book fits.
const check::PrinterCheck* choose_source_printer(const check::CheckReport& source,
                                                 const AdaptRequest& request, std::string& how);

// The proof: the source and the result one above the other at the same scale, each with its
// spine folds and variance bands, the strips cut or stretched, the seams and the spine text's
// clearance, the spines magnified beside them, and a legend. PDF bytes.
std::string adapt_proof(const check::CoverPdf& source, const check::CoverPdf& result,
                        const AdaptReport& report, double pixels_per_inch = 100);

}  // namespace podcover::adapt
