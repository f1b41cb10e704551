// The adapt proof: what changed, at a glance. The source and the result at the same scale, one
// above the other and aligned at their left edges (their back folds line up, as the back
// panel does not move); the spines beside them, magnified; a legend with the numbers.
#include <cairo-pdf.h>

#include <algorithm>
#include <cmath>

#include "podcover/adapt/adapt.hpp"
#include "podcover/check/check_proof.hpp"
#include "podcover/check/raster_surface.hpp"
#include "podcover/render/overlay.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::adapt {
namespace {

using namespace podcover::literals;
using render::Color;
using render::Palette;
using render::to_pt;

constexpr Length margin = 0.4_in;
constexpr Length caption = 0.3_in;  // a caption line above each picture
constexpr Length gap = 0.5_in;
constexpr Length inset_around = 0.25_in;  // the inset shows this much beyond each fold
constexpr int inset_magnification = 2;
constexpr double legend_line_pt = 12;

std::string in(Length length) {
    return length.format_with_unit(Unit::in, 4);
}

// One side of the proof: a cover, where its sheet lies on its page, its spine folds, the
// strips that change, its seams and its spine text's ink.
struct Side {
    const check::CoverPdf* pdf;
    Rect sheet_on_page;
    Length fold_back, fold_front, fold_variance;
    std::vector<Rect> strips;
    std::vector<Length> seams;
    std::vector<Rect> inks;
};

// The part `area` (sheet coordinates) of the side's sheet, drawn with its top-left corner at
// the current origin, `scale` times its size, with the side's marks over it.
void draw_side(cairo_t* cr, const Side& side, const Rect& area, double pixels_per_inch,
               double scale) {
    const Rect on_page =
        Rect{side.sheet_on_page.x + area.x, side.sheet_on_page.y + area.y, area.width, area.height};
    const check::RenderedArea rendered = side.pdf->render(
        pixels_per_inch * scale, on_page, 60'000'000, check::CoverPdf::Fidelity::geometry);
    const render::CairoSurface image = check::surface_of(rendered.raster);
    cairo_save(cr);
    cairo_rectangle(cr, 0, 0, to_pt(area.width) * scale, to_pt(area.height) * scale);
    cairo_clip(cr);
    cairo_scale(cr, scale, scale);
    cairo_translate(cr, -to_pt(area.x), -to_pt(area.y));
    cairo_save(cr);
    cairo_translate(cr, to_pt(rendered.origin_x - side.sheet_on_page.x),
                    to_pt(rendered.origin_y - side.sheet_on_page.y));
    cairo_scale(cr, 72 / rendered.raster.pixels_per_inch, 72 / rendered.raster.pixels_per_inch);
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    const Length height = side.sheet_on_page.height;
    for (const Rect& strip : side.strips)
        render::fill_rect(cr, strip, Palette::alarm(), 0.45);
    for (const Length x : {side.fold_back, side.fold_front})
        render::draw_fold(cr, x, side.fold_variance, height, Palette::fold(), false);
    for (const Length x : side.seams)
        render::vertical_line(cr, x, Length(), height, Palette::other_fold(), 0.75 / scale, true);
    for (const Rect& ink : side.inks)
        render::stroke_rect(cr, ink, Palette::ink(), 1, 1 / scale, false);
    cairo_restore(cr);
}

std::string lettering_name(const SpineLettering& lettering) {
    return lettering.from_pixels ? std::string("lettering seen in the spine's pixels")
                                 : "'" + lettering.text + "'";
}

std::vector<std::string> legend(const AdaptReport& report) {
    const Layout& source = report.source_layout;
    const Layout& target = report.target_layout;
    auto book = [](const Layout& l) {
        return l.printer_name + " " + std::string(binding_id(l.binding)) + " " +
               l.trim.format(Unit::in, 4) + ", " + std::to_string(l.pages) + " pages on " +
               l.paper_id + ": " + l.sheet.format(Unit::in, 4) + ", spine " + in(l.spine_width);
    };
    std::vector<std::string> lines;
    lines.push_back("Above, the source: " + report.source.filename().string() + ", " +
                    book(source) + " (" + report.source_printer_how + ").");
    lines.push_back("Below, the result: " +
                    (report.output ? report.output->filename().string()
                                   : std::string("not written (refused)")) +
                    ", " + book(target) + ".");
    for (const auto& note : report.notes)
        lines.push_back(note + ".");
    for (const auto& c : report.spine_text) {
        lines.push_back("Spine text " + lettering_name(c.lettering) + ": " + in(c.source_back) +
                        " from the back fold and " + in(c.source_front) +
                        " from the front on the source; " + in(c.result_back) + " and " +
                        in(c.result_front) + " on the result; " + target.printer_name + " needs " +
                        in(c.needed) + (c.ok ? ": clear." : ": NOT clear."));
    }
    for (const auto& refusal : report.refusals)
        lines.push_back((report.forced ? "Written with --force: " : "Refused: ") + refusal + ".");
    for (const auto& warning : report.warnings) {
        if (warning.rfind("written with --force", 0) != 0)
            lines.push_back("Warning: " + warning + ".");
    }
    if (report.check) {
        int errors = 0, warnings = 0;
        for (const auto& f : report.check->findings) {
            errors += f.severity == Severity::error;
            warnings += f.severity == Severity::warning;
        }
        lines.push_back("Checked for " + target.printer_name + ": " +
                        std::string(check::verdict_id(report.check->verdict)) + " (" +
                        std::to_string(errors) + " errors, " + std::to_string(warnings) +
                        " warnings).");
    }
    lines.push_back(
        "Key: orange lines, the spine folds, each in its band of fold variance; red, the strips "
        "cut from the old spine (above) or its edge columns stretched (below); dashed purple, "
        "the seams where the source's placements meet; blue boxes, the spine text's ink. Right: "
        "the spines, magnified " +
        std::to_string(inset_magnification) + " times.");
    return lines;
}

}  // namespace

std::string adapt_proof(const check::CoverPdf& source, const check::CoverPdf& result,
                        const AdaptReport& report, double pixels_per_inch) {
    const SpinePlan& plan = report.plan;
    Side above{&source,
               report.source_sheet,
               plan.source_fold_back,
               plan.source_fold_front,
               report.source_layout.fold_variance,
               plan.source_strips,
               {},
               {}};
    // Where the middle of the old spine begins and ends: the source's side of each seam.
    if (plan.change == SpineChange::narrower)
        above.seams = {plan.middle_left, plan.middle_right};
    const Rect result_sheet{report.target_page.sheet_x, report.target_page.sheet_y,
                            report.target_layout.sheet.width, report.target_layout.sheet.height};
    Side below{&result,
               result_sheet,
               plan.target_fold_back,
               plan.target_fold_front,
               report.target_layout.fold_variance,
               plan.target_strips,
               plan.seams,
               {}};
    for (const auto& c : report.spine_text) {
        above.inks.push_back(c.lettering.ink);
        below.inks.push_back(c.result_ink);
    }

    render::FontLibrary fonts;
    render::TextStyle style;
    style.font = fonts.default_font("sans");
    style.size_pt = 9;
    render::TextStyle caption_style = style;
    caption_style.font = fonts.default_font("sans-bold");
    caption_style.size_pt = 11;
    render::TextStyle numbers_style = style;
    numbers_style.size_pt = 8;

    const Length covers_width = max(report.source_layout.sheet.width, result_sheet.width);
    const Length height = max(report.source_layout.sheet.height, result_sheet.height);
    auto inset_area = [&](Length fold_back, Length fold_front, Length sheet_width) {
        return Rect::from_edges(max(fold_back - inset_around, Length()), Length(),
                                min(fold_front + inset_around, sheet_width), height);
    };
    const Rect inset_above =
        inset_area(above.fold_back, above.fold_front, report.source_layout.sheet.width);
    const Rect inset_below = inset_area(below.fold_back, below.fold_front, result_sheet.width);
    const Length insets_x = margin + covers_width + gap;
    const Length inset_width = max(inset_above.width, inset_below.width) * inset_magnification;
    const Length page_width = insets_x + inset_width * 2 + gap / 2 + margin;
    const Length covers_bottom = margin + (caption + height) * 2 + gap;
    const Length insets_bottom = margin + caption + height * inset_magnification;
    const double text_width = to_pt(page_width - margin * 2);
    std::vector<render::TextLine> lines;
    for (const auto& entry : legend(report)) {
        const auto block =
            render::lay_out_text(entry, style, text_width, 1e9, render::Align::left, 1.15);
        for (const auto& line : block.lines)
            lines.push_back(line.text);
    }
    const Length legend_top = max(covers_bottom, insets_bottom) + 0.25_in;
    const double page_height_pt =
        to_pt(legend_top) + static_cast<double>(lines.size()) * legend_line_pt + to_pt(margin);

    std::string pdf;
    const render::CairoSurface surface =
        render::pdf_surface_into(pdf, to_pt(page_width), page_height_pt);
    const render::Cairo cr(cairo_create(surface.get()));
    auto at = [&](Length x, Length y) {
        cairo_save(cr.get());
        cairo_translate(cr.get(), to_pt(x), to_pt(y));
    };
    const Length source_top = margin + caption;
    const Length result_top = source_top + height + gap + caption;
    render::label(
        cr.get(),
        "Source: " + report.source_layout.printer_name + ", spine " + in(plan.source_spine),
        caption_style, to_pt(margin), to_pt(source_top) - 6);
    at(margin, source_top);
    draw_side(cr.get(), above,
              Rect{Length(), Length(), report.source_layout.sheet.width,
                   report.source_layout.sheet.height},
              pixels_per_inch, 1);
    cairo_restore(cr.get());
    render::label(
        cr.get(),
        "Result: " + report.target_layout.printer_name + ", spine " + in(plan.target_spine),
        caption_style, to_pt(margin), to_pt(result_top) - 6);
    at(margin, result_top);
    draw_side(cr.get(), below, Rect{Length(), Length(), result_sheet.width, result_sheet.height},
              pixels_per_inch, 1);
    cairo_restore(cr.get());
    // The moved seams: each of the source's spine edges joined to where it now is.
    std::vector<std::pair<Length, Length>> moves{{above.fold_back, below.fold_back},
                                                 {above.fold_front, below.fold_front}};
    if (plan.change == SpineChange::narrower) {
        moves.push_back({plan.middle_left, plan.target_fold_back});
        moves.push_back({plan.middle_right, plan.target_fold_front});
    }
    cairo_save(cr.get());
    render::set_color(cr.get(), Palette::ghost());
    cairo_set_line_width(cr.get(), 0.75);
    for (const auto& [from, to] : moves) {
        cairo_move_to(cr.get(), to_pt(margin + from),
                      to_pt(source_top + report.source_layout.sheet.height));
        cairo_line_to(cr.get(), to_pt(margin + to), to_pt(result_top - caption));
    }
    cairo_stroke(cr.get());
    cairo_restore(cr.get());

    // The spines, magnified: the source's, then the result's.
    const double magnified = inset_magnification;
    // Over each, the spine text's nearest ink to each fold.
    auto clearance = [&](bool on_result) {
        if (report.spine_text.empty())
            return std::string("no spine text");
        std::optional<Length> back, front;
        for (const auto& c : report.spine_text) {
            const Length b = on_result ? c.result_back : c.source_back;
            const Length f = on_result ? c.result_front : c.source_front;
            back = back ? min(*back, b) : b;
            front = front ? min(*front, f) : f;
        }
        return "text " + in(*back) + " | " + in(*front);
    };
    struct Inset {
        const Side* side;
        Rect area;
        std::string title;
        std::string numbers;
    };
    const Inset insets[] = {
        {&above, inset_above, "source spine", clearance(false)},
        {&below, inset_below, "result spine",
         clearance(true) + "; needs " + in(report.target_layout.spine_text_clearance)},
    };
    Length x = insets_x;
    for (const Inset& inset : insets) {
        render::label(cr.get(), inset.title, caption_style, to_pt(x), to_pt(source_top) - 16);
        render::label(cr.get(), inset.numbers, numbers_style, to_pt(x), to_pt(source_top) - 4);
        at(x, source_top);
        draw_side(cr.get(), *inset.side, inset.area, std::max(pixels_per_inch, 150.0), magnified);
        cairo_restore(cr.get());
        x += inset_width + gap / 2;
    }

    double y = to_pt(legend_top) + legend_line_pt;
    for (const auto& line : lines) {
        render::draw_line(cr.get(), line, style, to_pt(margin), y);
        y += legend_line_pt;
    }
    cairo_show_page(cr.get());
    render::check_cairo(cairo_status(cr.get()), "drawing the adapt proof");
    cairo_surface_finish(surface.get());
    render::check_cairo(cairo_surface_status(surface.get()), "writing the adapt proof");
    return render::finish_pdf(
        pdf, render::PdfMetadata{"podcover adapt proof of " + report.source.filename().string(), "",
                                 "", ""});
}

}  // namespace podcover::adapt
