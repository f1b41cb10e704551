#include "podcover/layout.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "podcover/names.hpp"

namespace podcover {

std::string_view severity_id(Severity severity) {
    switch (severity) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::note:
            return "note";
    }
    return "error";
}

std::string_view region_kind_id(RegionKind kind) {
    switch (kind) {
        case RegionKind::sheet:
            return "sheet";
        case RegionKind::trim:
            return "trim";
        case RegionKind::bleed:
            return "bleed";
        case RegionKind::wrap:
            return "wrap";
        case RegionKind::panel:
            return "panel";
        case RegionKind::board:
            return "board";
        case RegionKind::hinge:
            return "hinge";
        case RegionKind::flap:
            return "flap";
        case RegionKind::flap_wrap:
            return "flap-wrap";
        case RegionKind::safe:
            return "safe";
        case RegionKind::spine_text:
            return "spine-text";
        case RegionKind::fold_variance:
            return "fold-variance";
        case RegionKind::barcode:
            return "barcode";
    }
    return "panel";
}

const Region* Layout::find(std::string_view name) const {
    for (const auto& region : regions) {
        if (region.name == name)
            return &region;
    }
    return nullptr;
}

const Region& Layout::at(std::string_view name) const {
    if (const Region* region = find(name))
        return *region;
    throw std::out_of_range("layout has no region '" + std::string(name) + "'");
}

std::string format_inch_fraction(Length length) {
    // A 64th of an inch is a whole number of units (2^9 divides units_per_in): dividing by it
    // cannot overflow, as multiplying by 64 could.
    constexpr Length::rep units_per_64th = Length::units_per_in / 64;
    static_assert(units_per_64th * 64 == Length::units_per_in);
    if (length.units() % units_per_64th == 0 && length > Length()) {
        Length::rep numerator = length.units() / units_per_64th;
        Length::rep denominator = 64;
        const Length::rep divisor = std::gcd(numerator, denominator);
        numerator /= divisor;
        denominator /= divisor;
        if (denominator == 1)
            return std::to_string(numerator) + " in";
        return std::to_string(numerator) + "/" + std::to_string(denominator) + " in";
    }
    return length.format_with_unit(Unit::in, 4);
}

namespace {

// "0.125 in (3.18 mm)": how messages give a length.
std::string in_and_mm(Length length) {
    return length.format_with_unit(Unit::in, 4) + " (" + length.format_with_unit(Unit::mm, 2) + ")";
}

std::string size_text(const Size& size) {
    return size.format(Unit::in, 4);
}

// "5 × 8, 6 × 9 and 7 × 10 in"
std::string trims_text(const std::vector<Size>& trims) {
    std::vector<std::string> names;
    for (const auto& trim : trims) {
        names.push_back(trim.width.format(Unit::in, 4) + " \xC3\x97 " +
                        trim.height.format(Unit::in, 4));
    }
    return join_names(names) + " in";
}

std::string pages_text(const PageRange& range) {
    return std::to_string(range.min) + "\xE2\x80\x93" + std::to_string(range.max) + " pages";
}

std::string paper_list(const PrinterSpec& printer, const std::vector<std::string>& ids) {
    std::vector<std::string> names;
    for (const auto& id : ids) {
        const PaperSpec* paper = printer.find_paper(id);
        std::string name = id;
        if (paper && !paper->aliases.empty())
            name += " (" + join_names(paper->aliases, "or") + ")";
        names.push_back(name);
    }
    return join_names(names);
}

Length trim_distance(const Size& a, const Size& b) {
    return abs(a.width - b.width) + abs(a.height - b.height);
}

// The offer and the printer's own trim for the book's trim and paper.
struct TrimChoice {
    const TrimOffer* offer = nullptr;
    Size trim;
    bool custom = false;
    Size reference_trim;  // for a custom trim: the listed trim whose limits apply
};

bool offers_paper(const TrimOffer& offer, const std::string& paper_id) {
    return std::find(offer.papers.begin(), offer.papers.end(), paper_id) != offer.papers.end();
}

// Collects what the layout uses and turns every UNVERIFIED number into a note.
class Notes {
  public:
    explicit Notes(std::vector<Diagnostic>& notes) : notes_(notes) {}

    void source(const std::string& what, const std::string& value, const Source& source) {
        if (source.evidence != Evidence::unverified)
            return;
        std::string message = what + " (" + value + ") is UNVERIFIED";
        if (!source.note.empty())
            message += ": " + source.note;
        if (!source.tags.empty())
            message += " [" + source.tags + "]";
        add("unverified", message);
    }
    const Length& use(const std::string& what, const Sourced<Length>& sourced) {
        source(what, sourced.value.format_with_unit(Unit::in, 6), sourced.source);
        return sourced.value;
    }
    const Size& use(const std::string& what, const Sourced<Size>& sourced) {
        source(what, size_text(sourced.value), sourced.source);
        return sourced.value;
    }
    int use(const std::string& what, const Sourced<int>& sourced) {
        source(what, std::to_string(sourced.value), sourced.source);
        return sourced.value;
    }
    const PageRange& use(const std::string& what, const Sourced<PageRange>& sourced) {
        source(what, pages_text(sourced.value), sourced.source);
        return sourced.value;
    }
    void add(const std::string& code, const std::string& message) {
        for (const auto& note : notes_) {
            if (note.message == message)
                return;
        }
        notes_.push_back(Diagnostic{Severity::note, code, message});
    }

  private:
    std::vector<Diagnostic>& notes_;
};

// A listed trim and the offer it comes from.
struct ListedTrim {
    const TrimOffer* offer = nullptr;
    Size trim;
};

// A listed trim within the tolerance, preferring one whose offer has the paper.
ListedTrim find_listed_trim(const BindingSpec& spec, const Size& wanted,
                            const std::string* paper_id) {
    ListedTrim found;
    for (const auto& offer : spec.offers) {
        for (const auto& trim : offer.trims) {
            if (!trim.near(wanted, trim_match_tolerance))
                continue;
            const bool has_paper = paper_id && offers_paper(offer, *paper_id);
            if (!found.offer || (has_paper && !offers_paper(*found.offer, *paper_id)))
                found = ListedTrim{&offer, trim};
        }
    }
    return found;
}

bool in_custom_range(const BindingSpec& spec, const Size& trim) {
    return spec.custom_trim && spec.custom_trim->min.value.width <= trim.width &&
           spec.custom_trim->min.value.height <= trim.height &&
           trim.width <= spec.custom_trim->max.value.width &&
           trim.height <= spec.custom_trim->max.value.height;
}

// For a custom trim, the smallest listed trim (on the paper, when one is given) that contains
// it: its papers and page limits are taken, the printers publishing none for custom sizes.
ListedTrim find_reference_trim(const BindingSpec& spec, const Size& custom,
                               const std::string* paper_id) {
    ListedTrim found;
    for (const auto& offer : spec.offers) {
        if (paper_id && !offers_paper(offer, *paper_id))
            continue;
        for (const auto& trim : offer.trims) {
            if (!trim.contains(custom))
                continue;
            const auto area = trim.width.in() * trim.height.in();
            if (!found.offer || area < found.trim.width.in() * found.trim.height.in())
                found = ListedTrim{&offer, trim};
        }
    }
    return found;
}

// The printer's trim for a book on this paper, when it offers the paper there.
std::optional<TrimChoice> resolve_trim(const BindingSpec& spec, const Size& trim,
                                       const std::string& paper_id) {
    const ListedTrim listed = find_listed_trim(spec, trim, &paper_id);
    if (listed.offer) {
        if (!offers_paper(*listed.offer, paper_id))
            return std::nullopt;
        return TrimChoice{listed.offer, listed.trim, false, listed.trim};
    }
    if (!in_custom_range(spec, trim))
        return std::nullopt;
    const ListedTrim reference = find_reference_trim(spec, trim, &paper_id);
    if (!reference.offer)
        return std::nullopt;
    return TrimChoice{reference.offer, trim, true, reference.trim};
}

// The page limits on the chosen trim: the offer's own for the paper, else the binding's.
std::optional<AcceptedPages> pages_on(const BindingSpec& spec, const TrimChoice& choice,
                                      const std::string& paper_id) {
    const PageLimits* limits = nullptr;
    if (const auto own = choice.offer->pages.find(paper_id); own != choice.offer->pages.end()) {
        limits = &own->second;
    } else if (const auto fallback = spec.pages.find(paper_id); fallback != spec.pages.end()) {
        limits = &fallback->second;
    }
    if (!limits)
        return std::nullopt;
    const Sourced<PageRange>& stated = *limits;
    return AcceptedPages{choice.reference_trim, choice.custom, stated,
                         limits->accepted ? *limits->accepted : stated};
}

// "24–600 pages", and the part accepted on thinner evidence: "24–600 pages (24–71 UNVERIFIED)".
std::string accepted_text(const AcceptedPages& pages) {
    std::string text = pages_text(pages.accepted.value);
    const auto beyond = pages.beyond_stated();
    if (beyond.empty())
        return text;
    std::vector<std::string> parts;
    for (const auto& part : beyond) {
        parts.push_back(std::to_string(part.min) + "\xE2\x80\x93" + std::to_string(part.max));
    }
    return text + " (" + join_names(parts) + " " +
           std::string(evidence_id(pages.accepted.source.evidence)) + ")";
}

struct Validation {
    const BindingSpec* spec = nullptr;
    const PaperSpec* paper = nullptr;
    TrimChoice trim;
    std::optional<AcceptedPages> pages;
    std::vector<Diagnostic> errors;

    void fail(std::string code, std::string message) {
        errors.push_back(Diagnostic{Severity::error, std::move(code), std::move(message)});
    }
};

std::vector<Size> trims_of(const BindingSpec& spec, const std::string* paper_id) {
    std::vector<Size> trims;
    for (const auto& offer : spec.offers) {
        if (paper_id && !offers_paper(offer, *paper_id))
            continue;
        for (const auto& trim : offer.trims) {
            if (std::find(trims.begin(), trims.end(), trim) == trims.end())
                trims.push_back(trim);
        }
    }
    return trims;
}

std::optional<Size> nearest_trim(const std::vector<Size>& trims, const Size& wanted) {
    std::optional<Size> best;
    for (const auto& trim : trims) {
        if (!best || trim_distance(trim, wanted) < trim_distance(*best, wanted))
            best = trim;
    }
    return best;
}

Size clamped(const Size& size, const Size& low, const Size& high) {
    return Size{max(low.width, min(size.width, high.width)),
                max(low.height, min(size.height, high.height))};
}

// The size the printer would lay out that is nearest to `wanted`: a listed trim (on the paper,
// when one is given) or a custom size. A custom size must lie in the custom range and inside a
// listed trim on the paper, whose limits it takes (find_reference_trim); those sizes are the
// union of the boxes from the range's minimum to each listed trim (capped at the range's
// maximum), so the nearest is the nearest point of one of those boxes. "4 × 6 in (custom)".
std::optional<std::string> nearest_offered_trim(const BindingSpec& spec, const Size& wanted,
                                                const std::string* paper_id) {
    std::optional<Size> best;
    bool best_custom = false;
    auto consider = [&](const Size& candidate, bool custom) {
        if (!best || trim_distance(candidate, wanted) < trim_distance(*best, wanted)) {
            best = candidate;
            best_custom = custom;
        }
    };
    for (const auto& listed : trims_of(spec, paper_id)) {
        consider(listed, false);
        if (!spec.custom_trim)
            continue;
        const Size& low = spec.custom_trim->min.value;
        if (!listed.contains(low))
            continue;
        const Size high = clamped(listed, low, spec.custom_trim->max.value);
        const Size custom = clamped(wanted, low, high);
        // Within the tolerance of a listed trim, the size is that trim, with that trim's papers.
        const ListedTrim same = find_listed_trim(spec, custom, paper_id);
        if (!same.offer)
            consider(custom, true);
        else if (!paper_id || offers_paper(*same.offer, *paper_id))
            consider(same.trim, false);
    }
    if (!best)
        return std::nullopt;
    return size_text(*best) + (best_custom ? " (custom)" : "");
}

std::string trims_offered_text(const PrinterSpec& printer, const BindingSpec& spec,
                               const std::vector<Size>& trims) {
    std::string text;
    if (trims.size() <= 8) {
        text = trims_text(trims);
    } else {
        text = std::to_string(trims.size()) + " trims (podcover printers --printer " + printer.id +
               " lists them)";
    }
    if (spec.custom_trim) {
        text += ", or any size from " + size_text(spec.custom_trim->min.value) + " to " +
                size_text(spec.custom_trim->max.value);
    }
    return text;
}

// Sets v.trim as resolve_trim does, or says why the printer has no trim for the book.
void choose_trim(const PrinterSpec& printer, const BookSpec& book, Validation& v) {
    const BindingSpec& spec = *v.spec;
    const std::string binding = std::string(binding_id(spec.binding));
    const std::string* paper_id = v.paper ? &v.paper->id : nullptr;

    const ListedTrim listed = find_listed_trim(spec, book.trim, paper_id);
    if (listed.offer) {
        if (paper_id && !offers_paper(*listed.offer, *paper_id)) {
            std::vector<std::string> papers_here;
            for (const auto& offer : spec.offers) {
                for (const auto& trim : offer.trims) {
                    if (trim != listed.trim)
                        continue;
                    for (const auto& id : offer.papers) {
                        if (std::find(papers_here.begin(), papers_here.end(), id) ==
                            papers_here.end()) {
                            papers_here.push_back(id);
                        }
                    }
                }
            }
            std::string message = printer.name + " does not offer " + size_text(listed.trim) + " " +
                                  binding + " on " + *paper_id + " paper; on that trim it offers " +
                                  paper_list(printer, papers_here);
            if (const auto nearest = nearest_offered_trim(spec, book.trim, paper_id))
                message += "; nearest trim with " + *paper_id + ": " + *nearest;
            v.fail("paper-not-offered-for-trim", message);
            return;
        }
        v.trim = TrimChoice{listed.offer, listed.trim, false, listed.trim};
        return;
    }

    if (in_custom_range(spec, book.trim)) {
        const ListedTrim reference = find_reference_trim(spec, book.trim, paper_id);
        if (!reference.offer) {
            std::string message = printer.name + " has no listed " + binding + " trim" +
                                  (paper_id ? " on " + *paper_id + " paper" : std::string()) +
                                  " as large as the custom " + size_text(book.trim) +
                                  ", so podcover does not know its paper and page limits";
            if (const auto nearest = nearest_trim(trims_of(spec, paper_id), book.trim)) {
                message += "; nearest listed trim: " + size_text(*nearest);
            }
            v.fail("custom-trim-unknown-limits", message);
            return;
        }
        v.trim = TrimChoice{reference.offer, book.trim, true, reference.trim};
        return;
    }

    std::string message = printer.name + " does not offer a " + size_text(book.trim) + " " +
                          binding + "; it offers " +
                          trims_offered_text(printer, spec, trims_of(spec, nullptr));
    if (const auto nearest = nearest_offered_trim(spec, book.trim, paper_id))
        message += "; nearest: " + *nearest;
    v.fail("trim-not-offered", message);
}

Validation validate(const PrinterSpec& printer, const BookSpec& book) {
    Validation v;
    v.spec = printer.find_binding(book.binding);
    const std::string binding = std::string(binding_id(book.binding));
    if (!v.spec) {
        std::vector<std::string> offered;
        for (const auto& spec : printer.bindings)
            offered.emplace_back(binding_id(spec.binding));
        v.fail("binding-not-offered",
               printer.name + " does not offer " + binding + "; it offers " + join_names(offered));
        return v;
    }

    v.paper = printer.find_paper(book.paper);
    if (!v.paper) {
        std::vector<std::string> ids;
        for (const auto& paper : printer.papers)
            ids.push_back(paper.id);
        std::string message = printer.name + " has no paper '" + book.paper + "'; it offers " +
                              paper_list(printer, ids);
        if (auto nearest = nearest_name(book.paper, ids))
            message += "; did you mean " + *nearest + "?";
        v.fail("unknown-paper", message);
    } else if (v.spec->spine.count(v.paper->id) == 0) {
        v.fail("paper-not-offered", printer.name + " does not offer " + binding + " on " +
                                        v.paper->id + " paper; for " + binding + " it offers " +
                                        paper_list(printer, v.spec->paper_ids(printer)));
        v.paper = nullptr;
    }

    if (book.pages <= 0) {
        v.fail("invalid-page-count",
               "a book has a positive number of pages, not " + std::to_string(book.pages));
    }

    choose_trim(printer, book, v);

    if (v.paper && v.trim.offer && book.pages > 0) {
        v.pages = pages_on(*v.spec, v.trim, v.paper->id);
        if (!v.pages) {
            v.fail("no-page-range", printer.name + "'s printer data gives no page range for " +
                                        binding + " on " + v.paper->id + " paper");
        } else if (!v.pages->accepts(book.pages)) {
            const PageRange& range = v.pages->accepted.value;
            const int nearest = std::clamp(book.pages, range.min, range.max);
            v.fail("pages-out-of-range",
                   printer.name + " " + binding + " on " + v.paper->id + " paper at " +
                       size_text(v.trim.trim) + " takes " + accepted_text(*v.pages) + ", not " +
                       std::to_string(book.pages) + "; nearest: " + std::to_string(nearest));
        }
    }
    return v;
}

struct SpineResult {
    int pages_printed = 0;
    Length width;
    std::optional<Diagnostic> error;
};

SpineResult compute_spine(const PrinterSpec& printer, const BindingSpec& spec,
                          const std::string& paper_id, int pages, Notes& notes) {
    SpineResult result;
    const SpineRule& rule = spec.spine.at(paper_id);
    result.pages_printed = pages;
    if (rule.even_pages.value && pages % 2 != 0)
        result.pages_printed = pages + 1;

    const std::string what = std::string(binding_id(spec.binding)) + " spine on " + paper_id;
    if (rule.table) {
        notes.source(what, "table " + rule.table->id, rule.table_source);
        notes.source("spine table " + rule.table->id, "its values", rule.table->source);
        const auto width = rule.table->lookup(result.pages_printed);
        if (!width) {
            result.error =
                Diagnostic{Severity::error, "pages-out-of-range",
                           printer.name + "'s spine table " + rule.table->id + " covers " +
                               std::to_string(rule.table->first_pages()) + "\xE2\x80\x93" +
                               std::to_string(rule.table->last_pages()) + " pages, not " +
                               std::to_string(result.pages_printed)};
            return result;
        }
        result.width = *width;
    } else if (rule.per_page) {
        result.width = notes.use(what + " per page", *rule.per_page) * result.pages_printed;
    }
    result.width += notes.use(what + ", constant", rule.constant);
    if (rule.round_to) {
        result.width = result.width.rounded_half_up(notes.use(what + ", rounding", *rule.round_to));
    }
    return result;
}

class RegionBuilder {
  public:
    explicit RegionBuilder(Layout& layout) : layout_(layout) {}

    Rect add(std::string name, RegionKind kind, Rect rect, bool tile = false) {
        layout_.regions.push_back(Region{std::move(name), kind, rect, tile});
        return rect;
    }
    void fold(std::string name, Length x) {
        Fold fold{name, x, layout_.fold_variance, layout_.sheet.height};
        add(name + "-variance", RegionKind::fold_variance, fold.band());
        layout_.folds.push_back(std::move(fold));
    }

  private:
    Layout& layout_;
};

Length spine_text_clearance(const BindingSpec& spec, Length spine, Notes& notes) {
    const auto& rule = spec.spine_text;
    if (rule.narrow_below && rule.narrow_clearance &&
        spine <
            notes.use("spine width below which the narrow clearance applies", *rule.narrow_below)) {
        return notes.use("spine-text clearance on narrow spines", *rule.narrow_clearance);
    }
    return notes.use("spine-text clearance", rule.clearance);
}

void add_spine_text(Layout& layout, RegionBuilder& regions, const Rect& spine) {
    if (!layout.spine_text_allowed)
        return;
    const Length c = layout.spine_text_clearance;
    const Length m = layout.safe_margin;
    if (spine.width <= c * 2 || spine.height <= m * 2) {
        layout.spine_text_allowed = false;
        return;
    }
    regions.add("spine-text", RegionKind::spine_text, spine.inset(c, m, c, m));
}

// The barcode area in the lower corner of the back cover nearest the spine.
void add_barcode(const BindingSpec& spec, RegionBuilder& regions, Length spine_side_edge,
                 Length bottom_edge, Notes& notes) {
    const Size size = notes.use("barcode area size", spec.barcode.size);
    const Length from_spine =
        notes.use("barcode distance from the spine side", spec.barcode.from_spine);
    const Length from_bottom =
        notes.use("barcode distance from the bottom", spec.barcode.from_bottom);
    regions.add("barcode", RegionKind::barcode,
                Rect::from_edges(spine_side_edge - from_spine - size.width,
                                 bottom_edge - from_bottom - size.height,
                                 spine_side_edge - from_spine, bottom_edge - from_bottom));
}

void lay_out_paperback(const BindingSpec& spec, Layout& layout, Notes& notes) {
    const Length b = notes.use("bleed", spec.bleed);
    const Length w = layout.trim.width;
    const Length h = layout.trim.height;
    const Length s = layout.spine_width;
    layout.bleed = b;
    layout.sheet = Size{w * 2 + s + b * 2, h + b * 2};
    const Length sheet_w = layout.sheet.width;

    RegionBuilder regions(layout);
    regions.add("sheet", RegionKind::sheet, Rect{Length(), Length(), sheet_w, layout.sheet.height});
    regions.add("trim", RegionKind::trim, Rect{b, b, w * 2 + s, h});
    regions.add("bleed-top", RegionKind::bleed, Rect{Length(), Length(), sheet_w, b}, true);
    regions.add("bleed-bottom", RegionKind::bleed, Rect{Length(), b + h, sheet_w, b}, true);
    regions.add("bleed-left", RegionKind::bleed, Rect{Length(), b, b, h}, true);
    regions.add("bleed-right", RegionKind::bleed, Rect{sheet_w - b, b, b, h}, true);
    const Rect back = regions.add("back", RegionKind::panel, Rect{b, b, w, h}, true);
    const Rect spine = regions.add("spine", RegionKind::panel, Rect{b + w, b, s, h}, true);
    const Rect front = regions.add("front", RegionKind::panel, Rect{b + w + s, b, w, h}, true);
    const Length m = layout.safe_margin;
    regions.add("back-safe", RegionKind::safe, back.inset(m));
    regions.add("front-safe", RegionKind::safe, front.inset(m));
    add_spine_text(layout, regions, spine);
    regions.fold("fold-back", spine.left());
    regions.fold("fold-front", spine.right());
    add_barcode(spec, regions, back.right(), back.bottom(), notes);
}

void lay_out_case(const BindingSpec& spec, Layout& layout, Notes& notes) {
    const Length wrap = notes.use("wrap", spec.wrap);
    const Length board_w =
        layout.trim.width + notes.use("board width beyond the trim", spec.board_width_delta);
    const Length board_h =
        layout.trim.height + notes.use("board height beyond the trim", spec.board_height_delta);
    const Length hinge = notes.use("hinge", spec.hinge);
    const bool beside = spec.hinge_placement.value == HingePlacement::beside_spine;
    notes.source("hinge placement", beside ? "beside the spine" : "inside the board",
                 spec.hinge_placement.source);
    const Length s = layout.spine_width;
    const Length joint = beside ? hinge : Length();
    layout.bleed = wrap;
    layout.sheet = Size{wrap * 2 + board_w * 2 + joint * 2 + s, wrap * 2 + board_h};
    const Length sheet_w = layout.sheet.width;
    const Length top = wrap;

    RegionBuilder regions(layout);
    regions.add("sheet", RegionKind::sheet, Rect{Length(), Length(), sheet_w, layout.sheet.height});
    regions.add("trim", RegionKind::trim, Rect{wrap, top, sheet_w - wrap * 2, board_h});
    regions.add("wrap-top", RegionKind::wrap, Rect{Length(), Length(), sheet_w, wrap}, true);
    regions.add("wrap-bottom", RegionKind::wrap, Rect{Length(), top + board_h, sheet_w, wrap},
                true);
    regions.add("wrap-left", RegionKind::wrap, Rect{Length(), top, wrap, board_h}, true);
    regions.add("wrap-right", RegionKind::wrap, Rect{sheet_w - wrap, top, wrap, board_h}, true);

    Length x = wrap;
    const Rect back_board =
        regions.add("back-board", RegionKind::board, Rect{x, top, board_w, board_h}, true);
    x += board_w;
    const Rect back_hinge = regions.add("back-hinge", RegionKind::hinge,
                                        Rect{beside ? x : x - hinge, top, hinge, board_h}, beside);
    x += joint;
    const Rect spine = regions.add("spine", RegionKind::panel, Rect{x, top, s, board_h}, true);
    x += s;
    const Rect front_hinge =
        regions.add("front-hinge", RegionKind::hinge, Rect{x, top, hinge, board_h}, beside);
    x += joint;
    const Rect front_board =
        regions.add("front-board", RegionKind::board, Rect{x, top, board_w, board_h}, true);
    regions.add("back", RegionKind::panel,
                Rect::from_edges(back_board.left(), top, spine.left(), back_board.bottom()));
    regions.add("front", RegionKind::panel,
                Rect::from_edges(spine.right(), top, front_board.right(), front_board.bottom()));

    const Length m = layout.safe_margin;
    // Text stays inside the board by the safe margin and out of the hinge.
    regions.add(
        "back-safe", RegionKind::safe,
        Rect::from_edges(back_board.left() + m, top + m,
                         min(back_board.right() - m, back_hinge.left()), back_board.bottom() - m));
    regions.add("front-safe", RegionKind::safe,
                Rect::from_edges(max(front_board.left() + m, front_hinge.right()), top + m,
                                 front_board.right() - m, front_board.bottom() - m));
    add_spine_text(layout, regions, spine);
    regions.fold("fold-back", spine.left());
    regions.fold("fold-front", spine.right());
    add_barcode(spec, regions, back_hinge.left(), back_board.bottom(), notes);
}

void lay_out_jacket(const BindingSpec& spec, Layout& layout, Notes& notes) {
    const Length b = notes.use("bleed", spec.bleed);
    const Length panel_w =
        layout.trim.width + notes.use("panel width beyond the trim", spec.panel_width_delta);
    const Length panel_h =
        layout.trim.height + notes.use("panel height beyond the trim", spec.panel_height_delta);
    const Length flap = notes.use("flap", spec.flap);
    const Length flap_wrap = notes.use("flap wrap", spec.flap_wrap);
    const Length s = layout.spine_width;
    layout.bleed = b;
    layout.sheet = Size{b * 2 + flap * 2 + flap_wrap * 2 + panel_w * 2 + s, b * 2 + panel_h};
    const Length sheet_w = layout.sheet.width;

    RegionBuilder regions(layout);
    regions.add("sheet", RegionKind::sheet, Rect{Length(), Length(), sheet_w, layout.sheet.height});
    regions.add("trim", RegionKind::trim, Rect{b, b, sheet_w - b * 2, panel_h});
    regions.add("bleed-top", RegionKind::bleed, Rect{Length(), Length(), sheet_w, b}, true);
    regions.add("bleed-bottom", RegionKind::bleed, Rect{Length(), b + panel_h, sheet_w, b}, true);
    regions.add("bleed-left", RegionKind::bleed, Rect{Length(), b, b, panel_h}, true);
    regions.add("bleed-right", RegionKind::bleed, Rect{sheet_w - b, b, b, panel_h}, true);

    Length x = b;
    const Rect back_flap =
        regions.add("back-flap", RegionKind::flap, Rect{x, b, flap, panel_h}, true);
    x += flap;
    regions.add("back-flap-wrap", RegionKind::flap_wrap, Rect{x, b, flap_wrap, panel_h}, true);
    x += flap_wrap;
    const Rect back = regions.add("back", RegionKind::panel, Rect{x, b, panel_w, panel_h}, true);
    x += panel_w;
    const Rect spine = regions.add("spine", RegionKind::panel, Rect{x, b, s, panel_h}, true);
    x += s;
    const Rect front = regions.add("front", RegionKind::panel, Rect{x, b, panel_w, panel_h}, true);
    x += panel_w;
    const Rect front_flap_wrap =
        regions.add("front-flap-wrap", RegionKind::flap_wrap, Rect{x, b, flap_wrap, panel_h}, true);
    x += flap_wrap;
    const Rect front_flap =
        regions.add("front-flap", RegionKind::flap, Rect{x, b, flap, panel_h}, true);

    const Length m = layout.safe_margin;
    regions.add("back-flap-safe", RegionKind::safe, back_flap.inset(m));
    regions.add("back-safe", RegionKind::safe, back.inset(m));
    regions.add("front-safe", RegionKind::safe, front.inset(m));
    regions.add("front-flap-safe", RegionKind::safe, front_flap.inset(m));
    add_spine_text(layout, regions, spine);
    regions.fold("fold-back-flap", back_flap.right());
    regions.fold("fold-back-edge", back.left());
    regions.fold("fold-back", spine.left());
    regions.fold("fold-front", spine.right());
    regions.fold("fold-front-edge", front.right());
    regions.fold("fold-front-flap", front_flap_wrap.right());
    add_barcode(spec, regions, back.right(), back.bottom(), notes);
}

}  // namespace

Layout mirrored(Layout layout) {
    const Length width = layout.sheet.width;
    for (Region& region : layout.regions)
        region.rect.x = width - region.rect.right();
    for (Fold& fold : layout.folds)
        fold.x = width - fold.x;
    std::reverse(layout.folds.begin(), layout.folds.end());
    return layout;
}

LayoutResult compute_layout(const PrinterSpec& printer, const BookSpec& book) {
    LayoutResult result;
    Validation v = validate(printer, book);
    if (!v.errors.empty()) {
        result.errors = std::move(v.errors);
        return result;
    }
    const BindingSpec& spec = *v.spec;

    Layout layout;
    Notes notes(layout.notes);
    layout.printer_id = printer.id;
    layout.printer_name = printer.name;
    layout.binding = book.binding;
    layout.paper_id = v.paper->id;
    layout.paper_label = v.paper->label;
    layout.pages = book.pages;
    layout.trim = v.trim.trim;
    layout.custom_trim = v.trim.custom;

    notes.source("the trim and paper list",
                 size_text(v.trim.reference_trim) + " " + std::string(binding_id(book.binding)) +
                     " on " + v.paper->id,
                 v.trim.offer->source);
    notes.use("the page range on " + v.paper->id, v.pages->stated);
    if (!v.pages->stated.value.contains(book.pages)) {
        // Accepted on thinner evidence than the printer's own range: say which.
        notes.source(std::to_string(book.pages) + " pages on " + v.paper->id,
                     "outside the page range " + pages_text(v.pages->stated.value) +
                         ", inside the accepted " + pages_text(v.pages->accepted.value),
                     v.pages->accepted.source);
    }
    if (v.trim.custom) {
        notes.add("custom-trim",
                  size_text(book.trim) + " is a custom trim: " + printer.name +
                      " publishes no paper or page limits for custom sizes, so podcover uses those "
                      "of " +
                      size_text(v.trim.reference_trim) +
                      ", the smallest listed trim that contains it (UNVERIFIED)");
    } else if (v.trim.trim != book.trim) {
        notes.add("trim-matched", size_text(book.trim) + " taken as " + printer.name + "'s " +
                                      size_text(v.trim.trim) + " trim");
    }

    SpineResult spine = compute_spine(printer, spec, v.paper->id, book.pages, notes);
    if (spine.error) {
        result.errors.push_back(*spine.error);
        return result;
    }
    layout.pages_printed = spine.pages_printed;
    layout.spine_width = spine.width;
    if (layout.pages_printed != layout.pages) {
        layout.warnings.push_back(Diagnostic{
            Severity::warning, "pages-rounded-up",
            printer.name + " prints an even number of pages: " + std::to_string(layout.pages) +
                " pages are printed as " + std::to_string(layout.pages_printed) +
                " (a blank page is added), and the spine is sized for " +
                std::to_string(layout.pages_printed)});
    }

    layout.safe_margin = notes.use("safe margin", spec.safe_margin);
    layout.fold_variance = notes.use("fold variance", spec.fold_variance);
    layout.spine_text_min_pages =
        notes.use("spine-text minimum page count", spec.spine_text.min_pages);
    layout.spine_text_clearance = spine_text_clearance(spec, layout.spine_width, notes);
    layout.spine_text_allowed = layout.pages >= layout.spine_text_min_pages;

    switch (book.binding) {
        case Binding::paperback:
            lay_out_paperback(spec, layout, notes);
            break;
        case Binding::case_laminate:
            lay_out_case(spec, layout, notes);
            break;
        case Binding::dust_jacket:
            lay_out_jacket(spec, layout, notes);
            break;
    }

    if (layout.pages < layout.spine_text_min_pages) {
        layout.warnings.push_back(Diagnostic{Severity::warning, "spine-text-not-allowed",
                                             "no spine text: " + printer.name + " allows it from " +
                                                 std::to_string(layout.spine_text_min_pages) +
                                                 " pages, and this book has " +
                                                 std::to_string(layout.pages)});
    } else if (!layout.spine_text_allowed) {
        layout.warnings.push_back(
            Diagnostic{Severity::warning, "spine-text-not-allowed",
                       "no spine text: the spine (" + in_and_mm(layout.spine_width) +
                           ") leaves no room inside the clearance of " +
                           in_and_mm(layout.spine_text_clearance) + " from each fold"});
    }
    // A printer file with impossible numbers (a negative factor, a margin wider than the
    // cover) must not produce a cover: refuse, naming what went wrong.
    if (layout.spine_width <= Length()) {
        result.errors.push_back(
            Diagnostic{Severity::error, "impossible-layout",
                       printer.name + "'s printer data gives this book a spine of " +
                           in_and_mm(layout.spine_width) + "; check the spine rule of " +
                           layout.paper_id + " in " + printer.origin});
        return result;
    }
    for (const auto& region : layout.regions) {
        if (region.rect.width < Length() || region.rect.height < Length()) {
            result.errors.push_back(
                Diagnostic{Severity::error, "impossible-layout",
                           printer.name + "'s printer data makes the " + region.name + " region " +
                               size_text(Size{region.rect.width, region.rect.height}) +
                               " on this book; check its margins and sizes in " + printer.origin});
            return result;
        }
    }
    if (const Region* barcode = layout.find("barcode")) {
        const Region* back_safe = layout.find("back-safe");
        if (back_safe && !back_safe->rect.contains(barcode->rect)) {
            layout.warnings.push_back(
                Diagnostic{Severity::warning, "barcode-outside-safe-area",
                           "the barcode area (" + size_text(barcode->rect.size()) +
                               ") does not fit inside the back cover's safe area (" +
                               size_text(back_safe->rect.size()) + ")"});
        }
    }
    result.layout = std::move(layout);
    return result;
}

std::vector<PageRange> AcceptedPages::beyond_stated() const {
    std::vector<PageRange> parts;
    if (accepted.value.min < stated.value.min)
        parts.push_back(PageRange{accepted.value.min, stated.value.min - 1});
    if (accepted.value.max > stated.value.max)
        parts.push_back(PageRange{stated.value.max + 1, accepted.value.max});
    return parts;
}

std::optional<AcceptedPages> accepted_pages(const PrinterSpec& printer, Binding binding,
                                            const Size& trim, std::string_view paper) {
    const BindingSpec* spec = printer.find_binding(binding);
    const PaperSpec* paper_spec = printer.find_paper(paper);
    if (!spec || !paper_spec)
        return std::nullopt;
    const auto choice = resolve_trim(*spec, trim, paper_spec->id);
    if (!choice)
        return std::nullopt;
    return pages_on(*spec, *choice, paper_spec->id);
}

bool offers_trim(const PrinterSpec& printer, Binding binding, const Size& trim) {
    const BindingSpec* spec = printer.find_binding(binding);
    if (!spec)
        return false;
    for (const auto& offer : spec->offers) {
        for (const auto& listed : offer.trims) {
            if (listed.near(trim, trim_match_tolerance))
                return true;
        }
    }
    return false;
}

InteriorTrim interior_trim(const Size& page, bool from_trim_box,
                           const std::vector<const PrinterSpec*>& printers, Binding binding) {
    using namespace podcover::literals;
    if (from_trim_box)
        return InteriorTrim{page, ""};
    // Interiors with bleed are 0.125 in wider and 0.25 in taller than the trim [KDP-H].
    const Size without_bleed{page.width - 0.125_in, page.height - 0.25_in};
    bool page_listed = false, trim_listed = false;
    for (const PrinterSpec* printer : printers) {
        page_listed = page_listed || offers_trim(*printer, binding, page);
        trim_listed = trim_listed || offers_trim(*printer, binding, without_bleed);
    }
    if (page_listed || !trim_listed)
        return InteriorTrim{page, ""};
    return InteriorTrim{without_bleed, "pages of " + size_text(page) +
                                           " without a TrimBox, taken as a " +
                                           size_text(without_bleed) + " trim with bleed"};
}

std::optional<Length> spine_width(const PrinterSpec& printer, const BookSpec& book) {
    Validation v = validate(printer, book);
    if (!v.errors.empty())
        return std::nullopt;
    std::vector<Diagnostic> ignored;
    Notes notes(ignored);
    SpineResult spine = compute_spine(printer, *v.spec, v.paper->id, book.pages, notes);
    if (spine.error)
        return std::nullopt;
    return spine.width;
}

}  // namespace podcover
