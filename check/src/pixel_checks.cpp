// Checks that read the cover's pixels: what a flattened cover shows only there (lettering on
// the spine), and what only pixels tell on any cover (hard edges at folds, bleed, barcodes and
// clear areas).
#include "checks.hpp"
#include "podcover/names.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;

// A hard edge is a step of colour that runs down most of a fold's band. An anti-aliased edge
// splits its step across two pixels, so the contrast asked of each is lower than for detail;
// noise and texture never line up in one column down 60% of the rows.
constexpr int edge_contrast = 20;
// A spine's lettering makes at least this share of its pixels busy; art does not.
constexpr double lettering_share = 0.01;
// An edge on the barcode area's outline, anti-aliased and off by a pixel in the rounding to
// the raster, spans this many of the raster's pixels.
constexpr int area_border_px = 3;

bool prints_unless_told(const Placement& placement) {
    const BindingSpec* spec = placement.check.printer->find_binding(placement.layout().binding);
    return spec && spec->barcode.printer_barcode.value == "unless-supplied";
}

void spine_pixels(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const Layout& layout = placement.layout();
    const RenderedArea& pixels = evidence.pixels.page();
    const Rect spine = placement.region("spine");
    // Leave out the fold bands themselves: their edges belong to the fold checks.
    const Length v = layout.fold_variance;
    const Rect inner =
        Rect::from_edges(spine.left() + v, spine.top(), spine.right() - v, spine.bottom());
    if (inner.width <= Length())
        return;
    const Detail detail = measure_detail(pixels.raster, evidence.on_page_raster(inner));
    if (detail.busy_share < lettering_share) {
        findings.passed("no lettering seen on the spine's pixels");
        return;
    }
    if (!layout.spine_text_allowed) {
        findings.add("spine-text-not-allowed", Severity::warning,
                     "the spine's pixels hold detail like lettering (" +
                         format_number(detail.busy_share * 100, 1) + "% of them), on a book of " +
                         std::to_string(layout.pages) + " pages: " + layout.printer_name +
                         " allows spine text from " + std::to_string(layout.spine_text_min_pages) +
                         " pages (seen in the rendered pixels)",
                     spine);
        return;
    }
    // Lettering in the clearance strips, between the fold band and the spine-text area.
    const Rect area = placement.region("spine-text");
    for (const Rect strip :
         {Rect::from_edges(spine.left() + v, spine.top(), area.left(), spine.bottom()),
          Rect::from_edges(area.right(), spine.top(), spine.right() - v, spine.bottom())}) {
        if (strip.width <= Length())
            continue;
        const Detail near = measure_detail(pixels.raster, evidence.on_page_raster(strip));
        if (near.busy_share >= lettering_share) {
            findings.add("spine-text-clearance", Severity::warning,
                         "the spine has detail within " + in(layout.spine_text_clearance) +
                             " of a fold, where " + layout.printer_name +
                             " wants no text (seen in the rendered pixels)",
                         strip);
        }
    }
}

// Hard edges in the fold bands. The pixels decide whether there is one (a shape's edge
// against a neighbour of its own colour shows nothing); a shape's edge within two pixels of
// it gives its exact position.
void edge_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const Layout& layout = placement.layout();
    const RenderedArea& pixels = evidence.pixels.page();
    const Length two_pixels = Length::from_units(
        static_cast<Length::rep>(2 * Length::units_per_in / pixels.raster.pixels_per_inch));
    int found = 0;
    for (const auto& fold : layout.folds) {
        const Length x = placement.fold_x(fold);
        const Rect band{x - fold.variance, Length(), fold.variance * 2, evidence.cover().height};
        const auto edge =
            find_vertical_edge(pixels.raster, evidence.on_page_raster(band), 0.6, edge_contrast);
        if (!edge)
            continue;
        const Length seen_x =
            evidence.on_cover(Rect{edge->x + pixels.origin_x, Length(), Length(), Length()}).x;
        // The filled shape's edge nearest the one seen, within two pixels: its exact place.
        Length edge_x = seen_x;
        Length nearest = two_pixels;
        for (const auto& shape : evidence.inventory.shapes) {
            if (!shape.filled)
                continue;
            const Rect box = evidence.on_cover(shape.box);
            for (const Length e : {box.left(), box.right()}) {
                if (abs(e - seen_x) <= nearest) {
                    nearest = abs(e - seen_x);
                    edge_x = e;
                }
            }
        }
        ++found;
        findings.add("fold-detail", Severity::warning,
                     "a hard edge at x = " + edge_x.format(Unit::in, 4) + " in lies within " +
                         format_inch_fraction(fold.variance) + " of " + layout.printer_name +
                         "'s " + fold.name + " (x = " + x.format(Unit::in, 4) +
                         " in): binding may move the fold off it, showing a sliver of the wrong "
                         "colour; run the colour across the fold",
                     Rect{edge_x, Length(), Length(), evidence.cover().height});
    }
    if (found == 0)
        findings.passed("no hard edges at the folds");
}

void bleed_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const PrinterCheck& check = placement.check;
    // A cover smaller than the printer's sheet has no bleed to look at: its size finding
    // says what is wrong. (Poppler gives the page to 0.001 pt, so "smaller" means beyond the
    // size tolerance.)
    if (check.offset_x < -size_tolerance / 2 || check.offset_y < -size_tolerance / 2)
        return;
    const Layout& layout = placement.layout();
    const RenderedArea& pixels = evidence.pixels.page();
    const Rect trim = placement.region("trim");
    const Rect sheet{Length(), Length(), evidence.cover().width, evidence.cover().height};
    const Length depth = min(trim.left() - sheet.left(), trim.top() - sheet.top());
    if (depth <= Length())
        return;
    // The outer half of the bleed, against a strip as deep just inside the trim.
    const Length outer = depth / 2, inner = max(depth / 2, 0.0625_in);
    struct Side {
        const char* name;
        Rect beyond, within;
    };
    const Side sides[] = {
        {"top", Rect::from_edges(sheet.left(), sheet.top(), sheet.right(), sheet.top() + outer),
         Rect::from_edges(trim.left(), trim.top(), trim.right(), trim.top() + inner)},
        {"bottom",
         Rect::from_edges(sheet.left(), sheet.bottom() - outer, sheet.right(), sheet.bottom()),
         Rect::from_edges(trim.left(), trim.bottom() - inner, trim.right(), trim.bottom())},
        {"left", Rect::from_edges(sheet.left(), sheet.top(), sheet.left() + outer, sheet.bottom()),
         Rect::from_edges(trim.left(), trim.top(), trim.left() + inner, trim.bottom())},
        {"right",
         Rect::from_edges(sheet.right() - outer, sheet.top(), sheet.right(), sheet.bottom()),
         Rect::from_edges(trim.right() - inner, trim.top(), trim.right(), trim.bottom())},
    };
    bool short_side = false;
    for (const auto& side : sides) {
        const double beyond = white_share(pixels.raster, evidence.on_page_raster(side.beyond));
        const double within = white_share(pixels.raster, evidence.on_page_raster(side.within));
        if (beyond >= 0.9 && within <= 0.5) {
            short_side = true;
            findings.add("no-bleed", Severity::error,
                         "the art stops at the trim on the " + std::string(side.name) +
                             ": the outer " + in(outer) + " of the " + in(depth) + " " +
                             (layout.binding == Binding::case_laminate ? "wrap" : "bleed") +
                             " is white where the cover inside is not; extend the art to the "
                             "page edge",
                         side.beyond);
        }
    }
    if (!short_side)
        findings.passed("art reaches the bleed");
}

void barcode_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings) {
    const Layout& layout = placement.layout();
    const Rect area = placement.region("barcode");
    const Rect look = barcode_look(placement);
    std::optional<Rect> code_box;
    std::string isbn;
    for (const auto& code : evidence.pixels.barcodes()) {
        const Rect box = evidence.on_cover(code.box);
        if (!box.overlaps(look))
            continue;
        if (code.symbology.find("EAN-13") != std::string::npos ||
            code.symbology.find("ISBN") != std::string::npos) {
            code_box = box;
            isbn = code.data;
        }
    }
    const std::string& name = layout.printer_name;
    if (prints_unless_told(placement)) {
        if (code_box && code_box->overlaps(area)) {
            findings.add("barcode-found", Severity::note,
                         "the cover has its own barcode (" + isbn + ") in " + name +
                             "'s barcode area: tell " + name +
                             " the cover has a barcode when you upload it",
                         *code_box);
            return;
        }
        // A white box drawn on the area's outline (the area left blank, as designers mark it)
        // leaves it clear: the box's edge, anti-aliased across the pixels at the border, is not
        // detail in the area.
        const auto& raster = evidence.pixels.page().raster;
        const Length border = Length::from_units(static_cast<Length::rep>(
            area_border_px * Length::units_per_in / raster.pixels_per_inch));
        const Detail detail = measure_detail(raster, evidence.on_page_raster(area.inset(border)));
        bool text_inside = false;
        for (const auto& word : evidence.inventory.words) {
            text_inside =
                text_inside || (!word.invisible() &&
                                evidence.on_cover(word.ink.value_or(word.box)).overlaps(area));
        }
        if (text_inside || detail.busy_share >= 0.005) {
            findings.add("barcode-area-not-clear", Severity::error,
                         name + " prints its barcode in the " + size_text(area.size()) +
                             " area at the back's lower corner by the spine (" +
                             in(layout.at("barcode").rect.left()) +
                             " from the left edge), over whatever is there: keep it clear" +
                             (text_inside ? " (it holds text)" : " (it holds detail)"),
                         area);
        } else {
            findings.passed("barcode area clear for " + name + "'s barcode");
        }
        return;
    }
    // The printer adds a barcode if the cover has none: it needs a clear area for it.
    if (code_box) {
        findings.add("barcode-found", Severity::note, "barcode found: " + isbn, *code_box);
        findings.passed("barcode present");
        return;
    }
    const Rect safe = placement.region("back-safe");
    const RenderedArea& pixels = evidence.pixels.page();
    const std::optional<Rect> plain =
        find_plain_area(pixels.raster, evidence.on_page_raster(safe), area.size());
    if (!plain) {
        findings.add("barcode-area-not-clear", Severity::error,
                     "the cover has no barcode, and no clear " + size_text(area.size()) +
                         " area in the back safe area where " + name +
                         " could place one; leave one clear (" +
                         in(layout.at("barcode").rect.left()) +
                         " from the left edge is the template's place) or add the ISBN barcode",
                     safe);
    } else {
        const Rect found = evidence.on_cover(shifted(*plain, pixels.origin_x, pixels.origin_y));
        findings.add(
            "barcode-area-clear", Severity::note,
            "no barcode on the cover; " + name + " can place its own in the clear area found at " +
                size_text(found.size()) + " from x = " + found.x.format(Unit::in, 3) + " in",
            found);
    }
}

}  // namespace

Rect barcode_look(const Placement& placement) {
    // A printer that prints its own barcode unless told cares only about its area (and half
    // an inch around, for a barcode placed nearly there); one that adds a barcode if the cover
    // has none, about the whole back.
    const Rect area = placement.region("barcode");
    const Rect back = placement.region("back");
    return prints_unless_told(placement) ? area.inset(-0.5_in).intersection(back).value_or(area)
                                         : back;
}

void pixel_checks(CoverEvidence& evidence, const Placement& placement, Findings& findings,
                  bool spine_text_seen) {
    if (!spine_text_seen)
        spine_pixels(evidence, placement, findings);
    edge_checks(evidence, placement, findings);
    bleed_checks(evidence, placement, findings);
    barcode_checks(evidence, placement, findings);
}

}  // namespace podcover::check
