#include "podcover/check/check_proof.hpp"
#include "podcover/check/raster_surface.hpp"

#include <cairo-pdf.h>

#include <cmath>

#include "podcover/render/overlay.hpp"
#include "podcover/render/pdf_output.hpp"

namespace podcover::check {
namespace {

using namespace podcover::literals;
using render::Color;
using render::Palette;
using render::to_pt;

constexpr Length margin = 0.3_in;
constexpr double legend_line_pt = 11;

Color severity_color(Severity severity) {
    switch (severity) {
        case Severity::error:
            return Palette::alarm();
        case Severity::warning:
            return Color::parse("#f77f00");
        case Severity::note:
            return Color::parse("#0077b6");
    }
    return Palette::alarm();
}

// Words, not symbols: the default fonts have no check marks or warning signs.
std::string symbol(Severity severity) {
    switch (severity) {
        case Severity::error:
            return "error";
        case Severity::warning:
            return "warning";
        case Severity::note:
            return "info";
    }
    return "";
}

}  // namespace

render::CairoSurface surface_of(const Raster& raster) {
    render::CairoSurface surface(
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, raster.width, raster.height));
    render::check_cairo(cairo_surface_status(surface.get()), "proof image");
    cairo_surface_flush(surface.get());
    unsigned char* data = cairo_image_surface_get_data(surface.get());
    const int stride = cairo_image_surface_get_stride(surface.get());
    for (int y = 0; y < raster.height; ++y) {
        auto* row = reinterpret_cast<uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
        for (int x = 0; x < raster.width; ++x) {
            const std::uint8_t* p = raster.pixel(x, y);
            row[x] = 0xFF000000u | (static_cast<uint32_t>(p[0]) << 16) |
                     (static_cast<uint32_t>(p[1]) << 8) | p[2];
        }
    }
    cairo_surface_mark_dirty(surface.get());
    return surface;
}

std::string annotated_proof(const CoverCheck& check, double pixels_per_inch) {
    const CheckReport& report = check.report();
    const RenderedArea rendered = check.pdf().render(pixels_per_inch, report.cover, 60'000'000,
                                                     CoverPdf::Fidelity::geometry);
    const render::CairoSurface image = surface_of(rendered.raster);
    render::FontLibrary fonts;
    render::TextStyle style;
    style.font = fonts.default_font("sans");
    style.size_pt = 8.5;
    render::TextStyle number_style = style;
    number_style.font = fonts.default_font("sans-bold");
    number_style.color = Color::white();

    std::string pdf;
    const render::CairoSurface surface = render::pdf_surface_into(pdf, 1, 1);
    const render::Cairo cr(cairo_create(surface.get()));
    for (const auto& printer : report.printers) {
        std::vector<std::string> legend;
        legend.push_back(report.file.filename().string() + " checked against " +
                         printer.printer->name + ": " + std::string(verdict_id(printer.verdict)) +
                         (printer.expected
                              ? "; expected " + printer.expected->sheet.format(Unit::in, 4) + " (" +
                                    std::string(binding_id(printer.book.binding)) + ", " +
                                    printer.book.trim.format(Unit::in, 4) + ", " +
                                    std::to_string(printer.book.pages) + " pages on " +
                                    printer.book.paper + ")"
                              : std::string()));
        int number = 0;
        for (const auto& finding : printer.findings) {
            legend.push_back(std::to_string(++number) + ". " + symbol(finding.severity) + " " +
                             finding.code + ": " + finding.message);
        }
        const Size cover = report.cover.size();
        // Long legend lines wrap at the page's width.
        const double text_width = to_pt(cover.width);
        std::vector<render::TextLine> lines;
        for (const auto& entry : legend) {
            const auto block =
                render::lay_out_text(entry, style, text_width, 1e9, render::Align::left, 1.15);
            for (const auto& line : block.lines)
                lines.push_back(line.text);
        }
        const Size page{cover.width + margin * 2,
                        cover.height + margin * 2 +
                            Length::from_units(static_cast<Length::rep>(
                                (static_cast<double>(lines.size()) * legend_line_pt + 12) *
                                Length::units_per_pt))};
        cairo_pdf_surface_set_size(surface.get(), to_pt(page.width), to_pt(page.height));
        cairo_save(cr.get());
        cairo_translate(cr.get(), to_pt(margin), to_pt(margin));
        // The cover as rendered, at its size.
        cairo_save(cr.get());
        cairo_translate(cr.get(), to_pt(rendered.origin_x - report.cover.x),
                        to_pt(rendered.origin_y - report.cover.y));
        cairo_scale(cr.get(), 72 / rendered.raster.pixels_per_inch,
                    72 / rendered.raster.pixels_per_inch);
        cairo_set_source_surface(cr.get(), image.get(), 0, 0);
        cairo_paint(cr.get());
        cairo_restore(cr.get());
        // The printer's zones, placed where the check placed them (centred on the cover).
        if (printer.expected) {
            cairo_save(cr.get());
            cairo_translate(cr.get(), to_pt(printer.offset_x), to_pt(printer.offset_y));
            const Layout& layout = *printer.expected;
            for (const auto& fold : layout.folds)
                render::draw_fold(cr.get(), fold.x, fold.variance, layout.sheet.height,
                                  Palette::fold(), false);
            render::stroke_rect(cr.get(), layout.at("trim").rect, Palette::trim(), 1, 0.75, false);
            for (const auto& region : layout.regions) {
                if (region.kind == RegionKind::safe)
                    render::stroke_rect(cr.get(), region.rect, Palette::safe(), 1, 0.75, true);
            }
            if (const Region* text = layout.find("spine-text"))
                render::stroke_rect(cr.get(), text->rect, Palette::spine_text(), 1, 0.75, true);
            render::stroke_rect(cr.get(), layout.at("barcode").rect, Palette::barcode(), 1, 1,
                                true);
            cairo_restore(cr.get());
        }
        // The findings, outlined and numbered.
        number = 0;
        for (const auto& finding : printer.findings) {
            ++number;
            if (!finding.box)
                continue;
            Rect box = *finding.box;
            if (box.width == Length())
                box = Rect{box.x - 0.02_in, box.y, 0.04_in, box.height};
            const Color color = severity_color(finding.severity);
            render::stroke_rect(cr.get(), box, color, 1, 1.5, false);
            // A numbered disc at the box's top-left corner, kept on the page.
            const double cx = std::max(7.0, to_pt(box.x)), cy = std::max(7.0, to_pt(box.y));
            render::set_color(cr.get(), color);
            cairo_arc(cr.get(), cx, cy, 7, 0, 2 * M_PI);
            cairo_fill(cr.get());
            render::centred_label(cr.get(), std::to_string(number), number_style, cx, cy);
        }
        cairo_restore(cr.get());
        double y = to_pt(margin + cover.height) + 14;
        for (const auto& line : lines) {
            render::draw_line(cr.get(), line, style, to_pt(margin), y);
            y += legend_line_pt;
        }
        cairo_show_page(cr.get());
    }
    render::check_cairo(cairo_status(cr.get()), "drawing the check proof");
    cairo_surface_finish(surface.get());
    render::check_cairo(cairo_surface_status(surface.get()), "writing the check proof");
    return render::finish_pdf(
        pdf,
        render::PdfMetadata{"podcover check of " + report.file.filename().string(), "", "", ""});
}

}  // namespace podcover::check
