// What a check works out about the book from the cover's size and what the user said: a pure
// function of the size, the hints and the printers (no PDF), so that it is tested with
// tables of sizes. docs/check.md, "What is inferred", describes the rules.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "podcover/layout.hpp"

namespace podcover::check {

// A cover may differ from the printer's size by this much: the printers' own tolerance for
// uploaded files is not published; 0.01 in is a tenth of the smallest fold drift that shows.
inline constexpr Length size_tolerance = Length::from_units(Length::units_per_in / 100);

// What the user says about the book; the rest is inferred.
struct BookHints {
    std::optional<Binding> binding;
    std::optional<Size> trim;
    std::optional<int> pages;
    std::string paper;                                    // for every printer without its own
    std::map<std::string, std::string> paper_by_printer;  // printer id -> paper
    std::optional<std::filesystem::path> interior;        // page count and trim read from it
    // Right to left: the front cover on the left. Unless given, taken from where a barcode is.
    std::optional<ReadingDirection> direction = std::nullopt;

    // The paper named for this printer: its own, else the one for every printer, else "".
    const std::string& paper_for(const std::string& printer_id) const;
};

// A fact the check worked out, and how.
struct Inferred {
    std::string what;   // "trim", "pages", "paper", "binding", "cover", "direction"
    std::string value;  // "6 x 9 in", "300", ...
    std::string how;
};

// A printer not checked, and why (a dust jacket is not KDP's).
struct Skipped {
    std::string printer;
    std::string reason;
};

// A book on a printer whose sheet comes near a cover's size.
struct Candidate {
    const PrinterSpec* printer = nullptr;
    BookSpec book;
    Size sheet;
    Length off;  // how far the sheet is from the cover's size (the larger side)
};

// "KDP paperback 6 × 9 in on white, 300 pages".
std::string describe(const Candidate& candidate);

// Books on the printers whose sheet is within a quarter inch of `size`, the closest first
// (then even page counts, then the printers' and papers' own order): the hinted binding,
// trim and page count, every offered one otherwise; the hinted paper only when
// `use_paper_hints`. For each book, the page count whose spine fits best. Books within
// `size_precision` of the size (a flattened cover's page is a whole number of its pixels, so
// its size is known to a pixel) are equally close: among them, the printers' and papers' order.
std::vector<Candidate> fits(const Size& size, const BookHints& hints,
                            const std::vector<const PrinterSpec*>& printers, bool use_paper_hints,
                            Length size_precision = Length());

// Whether some book on the printers has a sheet within size_tolerance of `size`.
bool plausible(const Size& size, const BookHints& hints,
               const std::vector<const PrinterSpec*>& printers);

// What is known of the book for one printer.
struct PrinterBook {
    const PrinterSpec* printer = nullptr;
    BookSpec book;  // trim and pages are zero when not known
    // Neither the hints nor the size tell the trim and page count: book-unknown.
    bool known = false;
    // The page count fits another printer's stepped spine over a range: this printer's
    // sheet cannot be sized (pages-uncertain, and no layout).
    std::string unsized;
    // Checked with this printer's own fit, which differs in page count from another
    // printer's: the cover is right for at most one (pages-uncertain).
    std::string guessed;
    std::vector<std::string> notes;  // choices made for it: a paper replaced by white
};

struct Inference {
    std::vector<Inferred> inferred;
    std::vector<std::string> fits;   // every book the size fits within size_tolerance
    std::vector<PrinterBook> books;  // the printers to check, in the request's order
    std::vector<Skipped> skipped;
};

// One book per printer for a cover of `cover` size. `hints` holds what the user gave (and
// what was read from an interior PDF); `binding_given` is whether the user named the binding:
// a printer that does not offer an inferred binding is skipped, a named one is checked (and
// refused). `size_precision` is how well the cover's size is known (as for `fits`). Never
// throws for unknown books: they are reported.
Inference infer(const Size& cover, const BookHints& hints,
                const std::vector<const PrinterSpec*>& printers, bool binding_given,
                Length size_precision = Length());

}  // namespace podcover::check
