#include "podcover/render/template_sheet.hpp"

#include <cairo-pdf.h>

#include <cmath>
#include <numbers>
#include <optional>

#include "podcover/render/overlay.hpp"

namespace podcover::render {
namespace {

using namespace podcover::literals;

constexpr Length margin = 1_in;          // room for the dimension labels around the cover
constexpr Length facts_height = 1.6_in;  // the book's facts below, at least
constexpr Length::rep fact_line_pt = 11;

// Room for the facts: four lines and a line per note (jackets carry ten UNVERIFIED notes).
Length facts_height_for(const Layout& layout) {
    const auto lines = static_cast<Length::rep>(4 + layout.notes.size());
    return max(facts_height, Length::from_pt(lines * fact_line_pt + 20));
}
// Crop and fold marks start this far outside the sheet, so that none prints on the bleed, and
// run this long: the usual printer's-mark proportions.
constexpr Length mark_offset = 0.0625_in;
constexpr Length mark_length = 0.25_in;

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}
std::string in_mm(Length length) {
    return length.format(Unit::in, 4) + " in (" + length.format(Unit::mm, 2) + " mm)";
}
std::string size_text(const Size& size) {
    return size.format(Unit::in, 4);
}

Color zone_color(RegionKind kind) {
    switch (kind) {
        case RegionKind::bleed:
            return Palette::bleed();
        case RegionKind::wrap:
            return Palette::bleed();
        case RegionKind::hinge:
            return Palette::hinge();
        case RegionKind::flap:
        case RegionKind::flap_wrap:
            return Palette::flap();
        default:
            return Color::white();
    }
}

// Whether a fold's label runs to the left: its nearest neighbour is on its right.
bool runs_left(const Layout& layout, std::size_t index) {
    const Length x = layout.folds[index].x;
    std::optional<Length> left, right;
    for (std::size_t i = 0; i < layout.folds.size(); ++i) {
        const Length other = layout.folds[i].x;
        if (i == index)
            continue;
        if (other < x)
            left = left ? min(*left, x - other) : x - other;
        else
            right = right ? min(*right, other - x) : other - x;
    }
    return right && (!left || *right < *left);
}

// Crop marks in line with the trim's edges and dashed fold marks in line with each fold, in
// the page's margin outside the sheet, as printers' templates draw them.
void draw_marks(cairo_t* cr, const Layout& layout) {
    const Rect& trim = layout.at("trim").rect;
    const Length sheet_w = layout.sheet.width, sheet_h = layout.sheet.height;
    cairo_save(cr);
    cairo_translate(cr, to_pt(margin), to_pt(margin));
    set_color(cr, Color::black());
    cairo_set_line_width(cr, 0.5);
    auto stroke = [&](Length x1, Length y1, Length x2, Length y2) {
        cairo_move_to(cr, to_pt(x1), to_pt(y1));
        cairo_line_to(cr, to_pt(x2), to_pt(y2));
        cairo_stroke(cr);
    };
    const Length near = mark_offset, far = mark_offset + mark_length;
    for (const Length x : {trim.left(), trim.right()}) {
        stroke(x, -near, x, -far);
        stroke(x, sheet_h + near, x, sheet_h + far);
    }
    for (const Length y : {trim.top(), trim.bottom()}) {
        stroke(-near, y, -far, y);
        stroke(sheet_w + near, y, sheet_w + far, y);
    }
    const double dash[] = {2, 1.5};
    cairo_set_dash(cr, dash, 2, 0);
    for (const auto& fold : layout.folds) {
        stroke(fold.x, -near, fold.x, -far);
        stroke(fold.x, sheet_h + near, fold.x, sheet_h + far);
    }
    cairo_restore(cr);
}

void draw(cairo_t* cr, const Layout& layout, FontLibrary& fonts, const Barcode* barcode,
          const Size& page) {
    set_color(cr, Color::white());
    cairo_paint(cr);
    TextStyle small;
    small.font = fonts.default_font("sans");
    small.size_pt = 7;
    small.color = Color::parse("#333333");
    TextStyle big = small;
    big.font = fonts.default_font("sans-bold");
    big.size_pt = 14;
    big.color = Color::parse("#555555");

    cairo_save(cr);
    cairo_translate(cr, to_pt(margin), to_pt(margin));
    const Length sheet_h = layout.sheet.height;
    // Zones that are cut off or turned in, hinges and flaps.
    for (const auto& region : layout.regions) {
        if (region.kind == RegionKind::bleed || region.kind == RegionKind::wrap ||
            region.kind == RegionKind::hinge || region.kind == RegionKind::flap ||
            region.kind == RegionKind::flap_wrap) {
            fill_rect(
                cr, region.rect, zone_color(region.kind),
                region.kind == RegionKind::bleed || region.kind == RegionKind::wrap ? 0.25 : 0.15);
        }
    }
    fill_rect(cr, layout.at("spine").rect, Palette::spine(), 0.12);
    for (const auto& fold : layout.folds)
        draw_fold(cr, fold.x, fold.variance, sheet_h, Palette::fold(), false);
    stroke_rect(cr, layout.at("sheet").rect, Palette::bleed(), 1, 0.75, false);
    stroke_rect(cr, layout.at("trim").rect, Palette::trim(), 1, 1, false);
    for (const auto& region : layout.regions) {
        if (region.kind == RegionKind::safe)
            stroke_rect(cr, region.rect, Palette::safe(), 1, 0.75, true);
        if (region.kind == RegionKind::board)
            stroke_rect(cr, region.rect, Palette::hinge(), 1, 0.75, false);
    }
    if (const Region* text = layout.find("spine-text")) {
        fill_rect(cr, text->rect, Palette::spine_text(), 0.12);
        stroke_rect(cr, text->rect, Palette::spine_text(), 1, 0.75, true);
    }
    const Rect& code = layout.at("barcode").rect;
    fill_rect(cr, code, Palette::barcode(), barcode ? 1.0 : 0.5);
    if (barcode) {
        fill_rect(cr, code, Color::white(), 1);
        const Rect placed{code.x + (code.width - barcode->size.width) / 2,
                          code.y + (code.height - barcode->size.height) / 2, barcode->size.width,
                          barcode->size.height};
        set_color(cr, Color::black());
        for (const Rect& bar : barcode->bars) {
            cairo_rectangle(cr, to_pt(placed.x + bar.x), to_pt(placed.y + bar.y), to_pt(bar.width),
                            to_pt(bar.height));
        }
        cairo_fill(cr);
        for (const auto& item : barcode->text) {
            TextStyle digits = small;
            digits.color = Color::black();
            digits.size_pt = to_pt(item.font_size);
            const TextLine line = shape_within(item.text, digits, to_pt(item.max_width));
            draw_line(cr, line, digits, to_pt(placed.x + item.center_x) - line.ink.centre_pt(),
                      to_pt(placed.y + item.baseline_y));
        }
    } else {
        centred_label(cr, "barcode area", small, to_pt(code.x + code.width / 2),
                      to_pt(code.y + code.height / 2) - 9);
        centred_label(cr, size_text(code.size()), small, to_pt(code.x + code.width / 2),
                      to_pt(code.y + code.height / 2));
        centred_label(cr, "at x = " + in(code.x) + ", y = " + in(code.y), small,
                      to_pt(code.x + code.width / 2), to_pt(code.y + code.height / 2) + 9);
    }

    // Panel names and sizes.
    auto panel = [&](const char* name, const std::string& title) {
        const Region* region = layout.find(name);
        if (!region)
            return;
        const Rect& r = region->rect;
        centred_label(cr, title, big, to_pt(r.x + r.width / 2), to_pt(r.y + r.height / 2) - 10);
        centred_label(cr, size_text(r.size()), small, to_pt(r.x + r.width / 2),
                      to_pt(r.y + r.height / 2) + 8);
        centred_label(cr, "x = " + in(r.left()) + " to " + in(r.right()), small,
                      to_pt(r.x + r.width / 2), to_pt(r.y + r.height / 2) + 17);
    };
    panel("back", "BACK COVER");
    panel("front", "FRONT COVER");
    panel("back-flap", "BACK FLAP");
    panel("front-flap", "FRONT FLAP");
    const Rect& spine = layout.at("spine").rect;
    centred_label(cr,
                  "SPINE " + in(layout.spine_width) + ", x = " + in(spine.left()) + " to " +
                      in(spine.right()),
                  small, to_pt(spine.x + spine.width / 2), to_pt(spine.y + spine.height / 2),
                  std::numbers::pi / 2);
    // Safe areas: their margin, once, in the back cover's top-left corner.
    const Rect& back_safe = layout.at("back-safe").rect;
    label(cr, "safe area: " + in(layout.safe_margin) + " inside the trim", small,
          to_pt(back_safe.x) + 3, to_pt(back_safe.y) + 9);
    if (const Region* hinge = layout.find("back-hinge")) {
        centred_label(cr, "hinge " + in(hinge->rect.width), small,
                      to_pt(hinge->rect.x + hinge->rect.width / 2),
                      to_pt(hinge->rect.y + hinge->rect.height / 4), std::numbers::pi / 2);
    }
    cairo_restore(cr);

    const double top = to_pt(margin);
    const double left = to_pt(margin);
    draw_marks(cr, layout);

    // Dimensions outside the sheet, beyond the marks: full width above, height at the left,
    // folds below.
    const double beyond_marks = to_pt(mark_offset + mark_length) + 8;
    set_color(cr, Color::black());
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, left, top - beyond_marks);
    cairo_line_to(cr, left + to_pt(layout.sheet.width), top - beyond_marks);
    cairo_stroke(cr);
    centred_label(cr, "full wrap " + in_mm(layout.sheet.width) + " wide", small,
                  left + to_pt(layout.sheet.width) / 2, top - beyond_marks - 8);
    cairo_move_to(cr, left - beyond_marks, top);
    cairo_line_to(cr, left - beyond_marks, top + to_pt(sheet_h));
    cairo_stroke(cr);
    centred_label(cr, in_mm(sheet_h) + " high", small, left - beyond_marks - 8,
                  top + to_pt(sheet_h) / 2, -std::numbers::pi / 2);
    // One row of fold labels, each running away from its nearest neighbour so that the two
    // folds of a spine or of a jacket's board edge never print over each other.
    const double below = top + to_pt(sheet_h) + beyond_marks + 6;
    for (std::size_t i = 0; i < layout.folds.size(); ++i) {
        const Fold& fold = layout.folds[i];
        const std::string text = fold.name + " x = " + in(fold.x);
        const double x = left + to_pt(fold.x);
        if (runs_left(layout, i)) {
            const TextLine line = shape_line(text, small);
            label(cr, text, small, x - 2 - line.width_pt, below);
        } else {
            label(cr, text, small, x + 2, below);
        }
    }
    const Length bleed = layout.bleed;
    label(cr,
          std::string(layout.binding == Binding::case_laminate ? "wrap " : "bleed ") + in(bleed) +
              " (shaded red): art extends here, it is cut off or turned in. Crop marks at the "
              "trim, dashed fold marks at the folds.",
          small, left, below + 11);

    // The book's facts.
    std::vector<std::string> facts = {
        layout.printer_name + " " + std::string(binding_label(layout.binding)) +
            " template: " + size_text(layout.trim) + " trim, " + std::to_string(layout.pages) +
            " pages on " + layout.paper_id + " (" + layout.paper_label + ")" +
            (layout.pages_printed != layout.pages
                 ? ", printed as " + std::to_string(layout.pages_printed)
                 : ""),
        "spine " + in_mm(layout.spine_width) + "; full wrap " + size_text(layout.sheet) + "; " +
            (layout.binding == Binding::case_laminate ? "wrap " : "bleed ") + in(layout.bleed) +
            "; safe margin " + in(layout.safe_margin) + "; fold variance \xC2\xB1" +
            in(layout.fold_variance),
        layout.spine_text_allowed
            ? "spine text allowed (from " + std::to_string(layout.spine_text_min_pages) +
                  " pages), " + in(layout.spine_text_clearance) + " from each fold"
            : "no spine text: " + layout.printer_name + " allows it from " +
                  std::to_string(layout.spine_text_min_pages) + " pages",
    };
    for (const auto& note : layout.notes)
        facts.push_back("note: " + note.message);
    facts.push_back(
        "Made with podcover. Coordinates (x, y): inches from the sheet's top-left corner (on "
        "this page " +
        in(margin) + " right of and below the page's), x to the right, y down.");
    TextStyle fact = small;
    fact.size_pt = 8;
    double y = to_pt(page.height - facts_height_for(layout)) + 14;
    for (const auto& line : facts) {
        label(cr, line, fact, left, y);
        y += static_cast<double>(fact_line_pt);
    }
}

}  // namespace

TemplateSheet make_template(const Layout& layout, FontLibrary& fonts, const Barcode* barcode,
                            double png_pixels_per_inch) {
    TemplateSheet sheet;
    sheet.page = Size{layout.sheet.width + margin * 2,
                      layout.sheet.height + margin * 2 + facts_height_for(layout)};
    sheet.cover = Rect{margin, margin, layout.sheet.width, layout.sheet.height};
    std::string raw;
    {
        const CairoSurface surface =
            pdf_surface_into(raw, to_pt(sheet.page.width), to_pt(sheet.page.height));
        const Cairo cr(cairo_create(surface.get()));
        draw(cr.get(), layout, fonts, barcode, sheet.page);
        check_cairo(cairo_status(cr.get()), "drawing the template");
        cairo_surface_finish(surface.get());
        check_cairo(cairo_surface_status(surface.get()), "writing the template");
    }
    const Rect& trim = layout.at("trim").rect;
    sheet.pdf = finish_pdf(
        raw,
        {PageBoxes{sheet.page, Rect{margin + trim.x, margin + trim.y, trim.width, trim.height},
                   sheet.cover}},
        PdfMetadata{layout.printer_name + " cover template", "", "podcover template", ""});
    const int width = static_cast<int>(std::ceil(sheet.page.width.in() * png_pixels_per_inch));
    const int height = static_cast<int>(std::ceil(sheet.page.height.in() * png_pixels_per_inch));
    sheet.png.reset(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height));
    const Cairo cr(cairo_create(sheet.png.get()));
    cairo_scale(cr.get(), png_pixels_per_inch / 72, png_pixels_per_inch / 72);
    draw(cr.get(), layout, fonts, barcode, sheet.page);
    check_cairo(cairo_status(cr.get()), "drawing the template image");
    return sheet;
}

}  // namespace podcover::render
