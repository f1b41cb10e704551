// From a book to its cover layout on one printer: spine width, full-wrap size and every
// region as a named rectangle (docs/geometry.md).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podcover/length.hpp"
#include "podcover/printer.hpp"
#include "podcover/rect.hpp"

namespace podcover {

// What podcover needs to know of a book to lay out its cover on one printer.
struct BookSpec {
    Binding binding = Binding::paperback;
    Size trim;
    int pages = 0;
    std::string paper;  // a paper id or alias of the printer
};

enum class Severity { error, warning, note };
std::string_view severity_id(Severity severity);  // "error", "warning", "note"

// A problem or remark, with a stable code (docs/json.md lists them) and a one-line message
// that carries the numbers.
struct Diagnostic {
    Severity severity = Severity::error;
    std::string code;
    std::string message;
};

enum class RegionKind {
    sheet,          // the whole printed sheet: the PDF page
    trim,           // what is left once bleed is cut off, or the visible case of a hardcover
    bleed,          // cut off after printing
    wrap,           // turned in around the boards (case laminate)
    panel,          // back, spine or front as seen on the finished book
    board,          // a hardcover's board
    hinge,          // beside or inside the board next to the spine: no text or key art
    flap,           // dust-jacket flap
    flap_wrap,      // the jacket strip around the board edge, between panel and flap
    safe,           // text and key art stay inside
    spine_text,     // where spine text may go
    fold_variance,  // a fold may land anywhere in this band
    barcode,        // the printer's barcode area
};
std::string_view region_kind_id(RegionKind kind);  // "sheet", "trim", ..., "fold-variance"

struct Region {
    std::string name;
    RegionKind kind = RegionKind::panel;
    Rect rect;
    // Tiles cover the sheet exactly once: bleed or wrap, panels or boards and hinges, flaps.
    bool tile = false;
};

// A vertical fold across the whole sheet, and the band either side of it in which binding
// may actually place it.
struct Fold {
    std::string name;  // "fold-back", "fold-front", ...
    Length x;
    Length variance;
    Length sheet_height;

    Rect band() const { return Rect{x - variance, Length(), variance * 2, sheet_height}; }
};

struct Layout {
    std::string printer_id;
    std::string printer_name;
    Binding binding = Binding::paperback;
    std::string paper_id;
    std::string paper_label;
    int pages = 0;          // as given
    int pages_printed = 0;  // as the printer prints them (IngramSpark adds a page to odd counts)
    Size trim;              // the printer's trim (a listed trim within 0.01 in of the given one)
    bool custom_trim = false;
    Length spine_width;
    Size sheet;    // the full wrap: the PDF page
    Length bleed;  // bleed, or the wrap of a case laminate: beyond the visible cover
    Length safe_margin;
    Length fold_variance;
    bool spine_text_allowed = false;
    int spine_text_min_pages = 0;
    Length spine_text_clearance;
    std::vector<Region> regions;
    std::vector<Fold> folds;
    std::vector<Diagnostic> warnings;
    std::vector<Diagnostic> notes;

    const Region* find(std::string_view name) const;
    // The region of that name; throws std::out_of_range naming it when there is none.
    const Region& at(std::string_view name) const;
};

// How a book reads. A right-to-left book (Hebrew, Arabic) reads back to front: its front
// cover is on the left of the sheet and its back on the right.
enum class ReadingDirection {
    left_to_right,  // the front cover on the right of the sheet, as in Latin-script books
    right_to_left,
};

// The layout of a right-to-left book: every region and fold mirrored about the sheet's centre.
// The spine and its folds stay where they are (the spine is centred); the barcode area moves to
// the back's lower corner beside the spine, now on the right (no printer source states where a
// right-to-left cover wants it). Folds stay ordered from left to right.
Layout mirrored(Layout layout);

// The layout, or every reason the printer refuses the book.
struct LayoutResult {
    std::optional<Layout> layout;
    std::vector<Diagnostic> errors;
};

// Validates the book against the printer (binding, paper, trim, page count; every problem,
// each with the printer's numbers and the nearest valid choice) and lays out the cover.
LayoutResult compute_layout(const PrinterSpec& printer, const BookSpec& book);

// The spine width alone, or nothing when the printer has no rule for this book.
std::optional<Length> spine_width(const PrinterSpec& printer, const BookSpec& book);

// Trims are taken as the printer's listed trim when both sides are this close: 156 x 234 mm
// is KDP's 6.14 x 9.21 in, and IngramSpark's A4 (8.268 x 11.693 in) is KDP's 8.27 x 11.69 in.
inline constexpr Length trim_match_tolerance = Length::from_units(Length::units_per_in / 100);

// Whether the printer lists this trim (within trim_match_tolerance) for the binding.
bool offers_trim(const PrinterSpec& printer, Binding binding, const Size& trim);

// The page counts a printer accepts for one binding, trim and paper.
struct AcceptedPages {
    // The listed trim whose limits apply: the trim itself, or for a custom trim the smallest
    // listed trim on that paper that contains it (the printers publish no custom limits).
    Size reference_trim;
    bool custom_trim = false;
    Sourced<PageRange> stated;    // the range the sources state, with their evidence
    Sourced<PageRange> accepted;  // `stated`, or a wider range on thinner (UNVERIFIED) evidence

    bool accepts(int pages) const { return accepted.value.contains(pages); }
    // The parts of `accepted` outside `stated`, lowest first: none, one or two ranges.
    std::vector<PageRange> beyond_stated() const;
};

// What compute_layout checks a page count against. Nothing when the printer does not offer
// the binding, the paper (an id or alias) on that trim, or the trim (neither listed within
// trim_match_tolerance nor a custom trim some listed trim on that paper contains).
std::optional<AcceptedPages> accepted_pages(const PrinterSpec& printer, Binding binding,
                                            const Size& trim, std::string_view paper);

// An interior PDF's trim, from its first page: the TrimBox when it has one; else the page,
// unless the page is no trim the printers list while the page less bleed (0.125 in outside,
// top and bottom: 0.125 in wider, 0.25 in taller) is one. `note` says which was taken.
struct InteriorTrim {
    Size trim;
    std::string note;  // empty when the page size was taken as it is
};
InteriorTrim interior_trim(const Size& page, bool from_trim_box,
                           const std::vector<const PrinterSpec*>& printers, Binding binding);

// "1/16 in" for lengths that are a simple binary fraction of an inch, else "0.07 in".
std::string format_inch_fraction(Length length);

}  // namespace podcover
