// Writing an adapted cover with qpdf: the source's first page becomes one Form XObject, drawn
// once per placement of a SpinePlan, each clipped to its part. Nothing is redrawn or
// re-encoded: fonts, images and vector art stay the source's objects, their stream bytes
// unchanged.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

#include "podcover/adapt/spine_plan.hpp"
#include "podcover/check/cover_pdf.hpp"
#include "podcover/rect.hpp"

namespace podcover::adapt {

// Where the source's sheet lies on its first page, as displayed (its /Rotate applied): inches
// from the page's top-left corner, y down, as podcover's checker gives positions.
struct SourceSheet {
    std::filesystem::path file;
    Length x;
    Length y;
};

// The page written: its size, where the target sheet's top-left corner lies on it (the
// artwork area of a printer's template page, or the page's corner), and the sheet's trim (on
// the sheet) for the TrimBox. The BleedBox is the sheet.
struct TargetPage {
    Size page;
    Length sheet_x;
    Length sheet_y;
    Rect trim;
};

struct AdaptedPdf {
    std::string bytes;
    // The source's text was matched to its content (by its glyphs' character positions): each
    // placement draws the pieces of text it shows, and not those it clips away entirely, so
    // that the result's text extraction finds each line once. False when the match failed
    // (every placement then draws all of the text, clipped) or there was no text to match.
    bool text_separated = false;
    int text_pieces = 0;
};

// The adapted cover: one page of `target.page`, MediaBox, TrimBox and BleedBox set, the
// source's optional content (layers) kept, its title and author kept in the document
// information, and an ID derived from the content (the same input gives the same bytes).
// `glyphs` are the source page's glyphs as the checker reads them (CoverPdf::glyphs), for
// separating its text; none to leave it as it is. Separating stops (the text left as it is)
// when `until` passes. Throws InputError naming the file when qpdf cannot read it.
AdaptedPdf adapted_pdf(const SourceSheet& source, const SpinePlan& plan, const TargetPage& target,
                       const check::PageGlyphList* glyphs = nullptr,
                       std::chrono::steady_clock::time_point until =
                           std::chrono::steady_clock::now() + std::chrono::seconds(60));

}  // namespace podcover::adapt
