// A printer's cover rules as data: what templates/<printer>.toml holds, once read
// (podcover/printer_file.hpp). Every number keeps the tag of the source it was transcribed
// from and whether the reference marks it DECIDED or UNVERIFIED, so that what podcover tells
// the user can name its evidence (docs/printer-files.md).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "podcover/length.hpp"

namespace podcover {

struct PrinterSpec;

enum class Binding { paperback, case_laminate, dust_jacket };

inline constexpr Binding all_bindings[] = {Binding::paperback, Binding::case_laminate,
                                           Binding::dust_jacket};

// "paperback", "case-laminate", "dust-jacket": the names used on the command line, in job
// files, printer files and JSON.
std::string_view binding_id(Binding binding);
// "paperback", "case laminate hardcover", "dust jacket hardcover": for sentences.
std::string_view binding_label(Binding binding);
// Accepts the ids and the alias "hardcover" (case laminate).
std::optional<Binding> parse_binding(std::string_view text);

// How well a number is established (PRINTERS.md).
enum class Evidence {
    sourced,     // stated by the tagged sources
    decided,     // sources disagree; the reference chose, and says why
    unverified,  // no source confirms it; podcover says so in its output
};

std::string_view evidence_id(Evidence evidence);  // "sourced", "DECIDED", "UNVERIFIED"

struct Source {
    std::string tags;  // "KDP-H" or "KDP-H, CS": keys of PrinterSpec::sources
    Evidence evidence = Evidence::sourced;
    std::string note;  // why it was decided, why it is unverified, or what it covers
};

template <class T>
struct Sourced {
    T value{};
    Source source;
};

struct PageRange {
    int min = 0;
    int max = 0;
    bool contains(int pages) const { return pages >= min && pages <= max; }
};

// The page counts a printer takes for one paper: `value` is the range the sources state,
// with their evidence. Where thinner evidence shows the printer takes more (its own
// calculator accepting a count its table leaves out), `accepted` is that wider range: it
// contains `value`, is always UNVERIFIED, and its note names the evidence. A book in the
// wider part is laid out with a note saying so (docs/printer-files.md, accepted_pages).
struct PageLimits : Sourced<PageRange> {
    std::optional<Sourced<PageRange>> accepted;
};

struct SpineTableRow {
    int pages = 0;
    Length spine_width;
};

// A printer's spine-width lookup table, one row per page count (IngramSpark: even counts).
struct SpineTable {
    std::string id;
    std::vector<SpineTableRow> rows;  // ascending page counts
    Source source;

    std::optional<Length> lookup(int pages) const;
    int first_pages() const { return rows.empty() ? 0 : rows.front().pages; }
    int last_pages() const { return rows.empty() ? 0 : rows.back().pages; }
};

// How a paper's spine width follows from the page count: either
//   spine = pages x per_page + constant          (KDP)
// or a table lookup, with odd counts rounded up to even and the result rounded (IngramSpark).
struct SpineRule {
    std::optional<Sourced<Length>> per_page;
    Sourced<Length> constant;
    std::shared_ptr<const SpineTable> table;
    Source table_source;
    Sourced<bool> even_pages;  // odd page counts are printed with one blank page more
    std::optional<Sourced<Length>> round_to;  // rounded half up to a multiple of this
};

struct PaperSpec {
    std::string id;                    // "white", "cream", ...
    std::string label;                 // "50# white"
    std::vector<std::string> aliases;  // "creme"
};

// One row of a printer's trim list: the trims, and the papers (with page ranges) offered on
// each of them for one binding.
struct TrimOffer {
    std::vector<Size> trims;
    Source source;
    std::vector<std::string> papers;
    std::map<std::string, PageLimits> pages;  // overrides BindingSpec::pages
};

struct CustomTrimRange {
    Sourced<Size> min;
    Sourced<Size> max;
};

// The page a printer's template is drawn on, when it is larger than the cover: IngramSpark's
// has the artwork area anchored to its top and right edges, with the marks and an info block in
// the white margin, and asks for covers at this document size (PRINTERS.md §7).
struct TemplatePage {
    Sourced<Size> document;
    Sourced<Length> artwork_top;    // from the page's top edge to the artwork area's
    Sourced<Length> artwork_right;  // from the page's right edge to the artwork area's
};

enum class HingePlacement {
    beside_spine,  // a strip of its own between board and spine (IngramSpark)
    inside_board,  // a no-text zone inside the board next to the spine fold (KDP)
};

struct SpineTextRule {
    Sourced<int> min_pages;
    Sourced<Length> clearance;  // from each spine fold
    // Spines narrower than narrow_below use narrow_clearance (IngramSpark).
    std::optional<Sourced<Length>> narrow_below;
    std::optional<Sourced<Length>> narrow_clearance;
};

struct BarcodeSpec {
    Sourced<Size> size;  // the area the printer needs clear or fills
    // Offsets of the area's spine-side and bottom edges from the back cover's spine-side
    // edge (the spine fold, or the hinge on hardcovers) and its bottom edge (the bottom trim,
    // or the board's bottom edge on case laminate).
    Sourced<Length> from_spine;
    Sourced<Length> from_bottom;
    // What the printer does: "unless-supplied" (prints its own unless told the cover has
    // one: KDP) or "if-missing" (adds one if the cover has none: IngramSpark).
    Sourced<std::string> printer_barcode;
    std::optional<Sourced<Size>> own_min_size;  // smallest barcode of your own
    std::optional<Sourced<Length>> own_margin;  // your own barcode's distance from spine and trim
    std::optional<Sourced<bool>> price_addon;   // EAN-5 price add-on accepted
};

struct BindingSpec {
    Binding binding = Binding::paperback;

    // Paperback and dust jacket: bleed on every outer edge (none at the folds).
    Sourced<Length> bleed;
    // Case laminate: turn-in on all four sides, board = (trim + delta), hinge.
    Sourced<Length> wrap;
    Sourced<Length> board_width_delta;
    Sourced<Length> board_height_delta;
    Sourced<Length> hinge;
    Sourced<HingePlacement> hinge_placement;
    // Dust jacket: cover panel = (trim + delta), flaps, and the strip that wraps the board
    // edge between panel and flap.
    Sourced<Length> panel_width_delta;
    Sourced<Length> panel_height_delta;
    Sourced<Length> flap;
    Sourced<Length> flap_wrap;

    Sourced<Length> safe_margin;                 // text stays this far inside trim or board
    std::optional<Sourced<Length>> hard_margin;  // the template's hard limit, if it differs
    Sourced<Length> fold_variance;               // binding may move each fold this far
    SpineTextRule spine_text;
    BarcodeSpec barcode;
    std::map<std::string, SpineRule> spine;   // by paper id
    std::map<std::string, PageLimits> pages;  // by paper id
    std::vector<TrimOffer> offers;
    std::optional<CustomTrimRange> custom_trim;
    std::optional<TemplatePage> template_page;  // as measured on the printer's template

    // Papers with a spine rule, in the printer's paper order.
    std::vector<std::string> paper_ids(const PrinterSpec& printer) const;
};

// Rules on the submitted file, used by `podcover check`.
struct FileRules {
    std::optional<Sourced<int>> min_image_ppi;
    std::optional<Sourced<int>> max_file_mb;
    std::optional<Sourced<int>> advised_file_mb;
    std::optional<Sourced<std::vector<std::string>>> color_spaces;  // "rgb", "cmyk"
    std::optional<Sourced<std::string>> pdf_standard;               // "PDF/X-1a:2001"
    std::optional<Sourced<std::vector<std::string>>> pdf_standards_accepted;
    std::optional<Sourced<int>> max_ink_percent;
    // The printer's rich black for large dark areas: C, M, Y and K in per cent.
    std::optional<Sourced<std::vector<int>>> rich_black_percent;
    std::optional<Sourced<int>> small_text_black_max_pt;  // text up to this size: 100% K
    std::optional<Sourced<bool>> single_page;             // the cover is one page
    // The page is the cover, nothing around it: no crop marks, slug or template page.
    std::optional<Sourced<bool>> page_is_cover;
    std::optional<Sourced<bool>> unencrypted;             // no encryption, no restrictions
    std::optional<Sourced<bool>> no_annotations;          // no comments, links or form fields
    std::optional<Sourced<bool>> barcode_black;           // own barcode 100% K on white
    std::optional<Sourced<bool>> no_transparency;         // no soft masks, opacity, blend modes
};

struct PrinterSpec {
    int format = 1;
    std::string id;                              // "kdp"
    std::string name;                            // "Amazon KDP"
    std::string origin;                          // "built in" or the file it was read from
    std::map<std::string, std::string> sources;  // tag -> what the source is
    std::vector<PaperSpec> papers;
    std::vector<BindingSpec> bindings;
    std::map<std::string, std::shared_ptr<const SpineTable>> spine_tables;
    FileRules files;

    const BindingSpec* find_binding(Binding binding) const;
    // By id or alias.
    const PaperSpec* find_paper(std::string_view id_or_alias) const;
};

}  // namespace podcover
