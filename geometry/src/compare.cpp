#include "podcover/compare.hpp"

namespace podcover {
namespace {

// The largest page count podcover scans when looking for where two spines part. Only even
// counts are scanned: a printed book has an even number of pages (IngramSpark rounds odd
// counts up, so at odd counts the two spines would be compared at different page counts).
constexpr int max_scanned_pages = 2000;

// "0.047 in (1.18 mm)": the primary unit, and the other system in parentheses.
std::string both_units(Length length, Unit unit) {
    const int places = unit == Unit::in ? 3 : 2;
    const Unit other = unit == Unit::in ? Unit::mm : Unit::in;
    const int other_places = other == Unit::in ? 3 : 2;
    return length.format_with_unit(unit, places) + " (" +
           length.format_with_unit(other, other_places) + ")";
}

std::string exact(Length length, Unit unit) {
    return length.format_with_unit(unit, unit == Unit::in ? 4 : 2);
}

std::string size_in(const Size& size, Unit unit) {
    return size.format(unit, unit == Unit::in ? 4 : 2);
}

SpineDrift spine_drift(const PrinterBook& first, const PrinterBook& second) {
    SpineDrift drift;
    drift.difference = second.layout->spine_width - first.layout->spine_width;
    drift.fold_variance = max(first.layout->fold_variance, second.layout->fold_variance);
    drift.beyond_variance = abs(drift.difference) > drift.fold_variance;

    std::optional<int> last_within;
    std::optional<int> first_beyond_after_within;
    std::optional<int> first_valid;
    int last_valid = 0;
    bool any_beyond = false;
    for (int pages = 2; pages <= max_scanned_pages; pages += 2) {
        BookSpec a = first.book;
        BookSpec b = second.book;
        a.pages = pages;
        b.pages = pages;
        const auto spine_a = spine_width(*first.printer, a);
        const auto spine_b = spine_width(*second.printer, b);
        if (!spine_a || !spine_b)
            continue;
        if (!first_valid)
            first_valid = pages;
        last_valid = pages;
        if (abs(*spine_b - *spine_a) > drift.fold_variance) {
            any_beyond = true;
            if (!first_beyond_after_within)
                first_beyond_after_within = pages;
        } else {
            last_within = pages;
            first_beyond_after_within.reset();
        }
    }
    drift.always_within = first_valid.has_value() && !any_beyond;
    if (any_beyond && (!last_within || *last_within < last_valid)) {
        drift.beyond_from_pages = first_beyond_after_within;
    }
    return drift;
}

}  // namespace

Comparison compare(const PrinterBook& first, const PrinterBook& second, Unit unit) {
    Comparison comparison;
    const Layout& a = *first.layout;
    const Layout& b = *second.layout;
    comparison.spine = spine_drift(first, second);
    const SpineDrift& drift = comparison.spine;
    auto& out = comparison.differences;
    const std::string variance = format_inch_fraction(drift.fold_variance) + " fold variance";

    if (drift.difference == Length()) {
        out.push_back("Both spines are " + exact(a.spine_width, unit) + " wide.");
    } else {
        std::string sentence =
            b.printer_name + "'s spine is " + both_units(abs(drift.difference), unit) +
            (drift.difference < Length() ? " narrower" : " wider") + " than " + a.printer_name +
            "'s (" + exact(b.spine_width, unit) + " against " + exact(a.spine_width, unit) + "): ";
        if (drift.beyond_variance) {
            sentence += "more than the " + variance;
            if (drift.beyond_from_pages) {
                sentence += " from " + std::to_string(*drift.beyond_from_pages) + " pages on";
            }
            sentence += ", so spine text placed for one spine lands on the other's fold.";
        } else {
            sentence += "within the " + variance;
            if (drift.beyond_from_pages) {
                sentence += " (it exceeds it from " + std::to_string(*drift.beyond_from_pages) +
                            " pages on)";
            }
            sentence += ".";
        }
        out.push_back(sentence);
    }

    if (a.sheet != b.sheet) {
        out.push_back("The covers differ in size: " + a.printer_name + " " +
                      size_in(a.sheet, unit) + ", " + b.printer_name + " " +
                      size_in(b.sheet, unit) + "; each printer needs its own file.");
    }
    if (a.bleed != b.bleed) {
        const bool wrap =
            a.binding == Binding::case_laminate && b.binding == Binding::case_laminate;
        out.push_back(std::string(wrap ? "Wraps" : "Bleeds") + " differ: " + a.printer_name + " " +
                      exact(a.bleed, unit) + ", " + b.printer_name + " " + exact(b.bleed, unit) +
                      "; extend the art " + exact(max(a.bleed, b.bleed), unit) +
                      " beyond the trim to suit both.");
    }
    if (a.safe_margin != b.safe_margin) {
        out.push_back("Safe margins differ: " + a.printer_name + " " + exact(a.safe_margin, unit) +
                      ", " + b.printer_name + " " + exact(b.safe_margin, unit) + "; keep text " +
                      exact(max(a.safe_margin, b.safe_margin), unit) +
                      " inside the trim to suit both.");
    }
    if (a.spine_text_allowed != b.spine_text_allowed) {
        const Layout& yes = a.spine_text_allowed ? a : b;
        const Layout& no = a.spine_text_allowed ? b : a;
        out.push_back("Spine text: " + yes.printer_name + " allows it from " +
                      std::to_string(yes.spine_text_min_pages) + " pages, " + no.printer_name +
                      " from " + std::to_string(no.spine_text_min_pages) + "; at " +
                      std::to_string(a.pages) + " pages only " + yes.printer_name +
                      " allows it, so leave the spine without text for both.");
    }
    if (a.spine_text_allowed && b.spine_text_allowed) {
        // Each printer's spine-text area is its spine less its own clearance at each fold; the
        // printers state the clearance because the fold may move [KDP-H], so the variance is
        // not added to it. Keeping the variance clear as well is the stricter choice.
        const Length area_a = a.at("spine-text").rect.width;
        const Length area_b = b.at("spine-text").rect.width;
        const Length usable = min(area_a, area_b);
        const Length strict = min(area_a - a.fold_variance * 2, area_b - b.fold_variance * 2);
        out.push_back("Spine text on both stocks: at most " + both_units(usable, unit) +
                      " across (each printer's spine less its own clearance at each fold, " +
                      a.printer_name + " " + exact(a.spine_text_clearance, unit) + ", " +
                      b.printer_name + " " + exact(b.spine_text_clearance, unit) +
                      ", which allows for the " + variance + "); " +
                      (strict > Length() ? both_units(strict, unit) : std::string("no room")) +
                      " to keep the " + variance + " clear as well.");
    }

    // Barcode areas, measured from the back cover's spine-side and bottom edges. Only
    // paperbacks share the reference edges (the spine fold and the bottom trim).
    const Region* code_a = a.find("barcode");
    const Region* code_b = b.find("barcode");
    if (a.binding == Binding::paperback && b.binding == Binding::paperback && code_a && code_b) {
        const Rect& back_a = a.at("back").rect;
        const Rect& back_b = b.at("back").rect;
        struct Offsets {
            Length spine, bottom, far_spine, far_bottom;
        };
        auto offsets = [](const Rect& code, const Rect& back) {
            return Offsets{back.right() - code.right(), back.bottom() - code.bottom(),
                           back.right() - code.left(), back.bottom() - code.top()};
        };
        const Offsets oa = offsets(code_a->rect, back_a);
        const Offsets ob = offsets(code_b->rect, back_b);
        if (code_a->rect.size() != code_b->rect.size() || oa.spine != ob.spine ||
            oa.bottom != ob.bottom) {
            const Offsets both{min(oa.spine, ob.spine), min(oa.bottom, ob.bottom),
                               max(oa.far_spine, ob.far_spine), max(oa.far_bottom, ob.far_bottom)};
            auto describe = [&](const Layout& layout, const Rect& code, const Offsets& o) {
                return layout.printer_name + " " + size_in(code.size(), unit) + ", " +
                       exact(o.spine, unit) + " from the spine fold and " + exact(o.bottom, unit) +
                       " above the bottom trim";
            };
            out.push_back(
                "Barcode areas differ: " + describe(a, code_a->rect, oa) + "; " +
                describe(b, code_b->rect, ob) + ". To suit both keep " +
                size_in(Size{both.far_spine - both.spine, both.far_bottom - both.bottom}, unit) +
                " clear, " + exact(both.spine, unit) + " from the spine fold and " +
                exact(both.bottom, unit) + " above the bottom trim.");
        }
    }
    return comparison;
}

}  // namespace podcover
