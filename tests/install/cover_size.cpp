// Draws a blank cover for a 6 x 9 in, 300-page paperback on KDP's white paper, the size of
// its layout's sheet, with the title set in podcover's default serif font, and reads the PDF
// back with podcover's checker, then adapts it to IngramSpark: podcover::render,
// podcover::check and podcover::adapt, with the third-party libraries they bring, as installed.
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <stdexcept>

#include <cairo-pdf.h>

#include "podcover/adapt/adapt.hpp"
#include "podcover/check/cover_pdf.hpp"
#include "podcover/layout.hpp"
#include "podcover/printer_file.hpp"
#include "podcover/render/fonts.hpp"
#include "podcover/render/handles.hpp"

int main(int argc, char** argv) try {
    if (argc != 2) {
        std::fputs("usage: cover_size OUTPUT.pdf\n", stderr);
        return 2;
    }
    const std::filesystem::path pdf_path = argv[1];
    const podcover::PrinterCatalog printers = podcover::PrinterCatalog::builtin();
    const podcover::LayoutResult result = podcover::compute_layout(
        *printers.find("kdp"), podcover::BookSpec{podcover::Binding::paperback,
                                                  podcover::Size::parse("6x9in"), 300, "white"});
    if (!result.layout)
        throw std::runtime_error("no KDP layout");
    const podcover::Size sheet = result.layout->sheet;

    podcover::render::FontLibrary fonts;
    const auto serif = fonts.default_font("serif");
    {
        const podcover::render::CairoSurface surface(
            cairo_pdf_surface_create(pdf_path.c_str(), sheet.width.pt(), sheet.height.pt()));
        const podcover::render::Cairo cr(cairo_create(surface.get()));
        cairo_set_font_face(cr.get(), serif->cairo_face());
        cairo_set_font_size(cr.get(), 36);
        cairo_move_to(cr.get(), sheet.width.pt() * 0.6, sheet.height.pt() / 2);
        cairo_show_text(cr.get(), "Salt Road");
        cairo_surface_finish(surface.get());
        if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
            throw std::runtime_error("Cairo could not write " + pdf_path.string());
    }

    const auto cover = podcover::check::CoverPdf::open(
        pdf_path, podcover::check::Deadline::after(std::chrono::seconds(60)));
    std::printf("cover page: %s\n", cover->page_size().format(podcover::Unit::in, 4).c_str());
    for (const podcover::check::FontUse& font : cover->fonts())
        std::printf("font: %s\n", font.name.c_str());

    podcover::adapt::AdaptRequest request;
    request.source = pdf_path;
    request.output = std::filesystem::path(pdf_path).replace_extension(".ingramspark.pdf");
    request.target = printers.find("ingramspark");
    request.from = printers.find("kdp");
    request.printers = {printers.find("kdp"), printers.find("ingramspark")};
    request.book.pages = 300;
    request.book.paper = "white";
    const podcover::adapt::AdaptReport adapted = podcover::adapt::adapt_cover(request);
    std::printf("adapted: %s\n", adapted.target_layout.sheet.format(podcover::Unit::in, 4).c_str());
    return 0;
} catch (const std::exception& error) {
    std::fprintf(stderr, "cover_size: %s\n", error.what());
    return 1;
}
